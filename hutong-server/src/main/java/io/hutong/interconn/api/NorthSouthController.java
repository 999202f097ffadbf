package io.hutong.interconn.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.JobState;
import io.hutong.interconn.PendingApproval;
import io.hutong.web.ApiException;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.hutong.web.TextLimit;
import io.hutong.web.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.hutong.interconn.JobStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** §5, the north-south API this node's users call; every call needs a token. */
@RestController
@UserApi
@BfiaApi
@RequestMapping("/v1/platform/schedule/")
@Tag(name = "BFIA north-south", description = "§5: jobs, logs and approvals on this node")
class NorthSouthController {

    /** Below the servlet container's 30 s limit for an asynchronous answer. */
    private static final int MAX_WAIT_SECONDS = 20;

    private final BfiaJobs jobs;

    NorthSouthController(BfiaJobs jobs) {
        this.jobs = jobs;
    }

    record CreateAllRequest(String flow_id, JsonNode dag, JsonNode config) {
    }

    record JobRequest(String job_id, String task_name) {
    }

    /** The reason travels to the scheduler, and inside the scheduler's to every party: well under their limit. */
    record AuditRequest(String job_id, String status, @TextLimit(512) String reason) {
    }

    @PostMapping("job/create_all")
    @Operation(summary = "5.1 创建作业", description = "Generates the job id (job- + 32 alphanumerics) and creates the "
            + "job through its scheduler: this node, or job_params.common.coordinator.")
    BfiaResponse<Map<String, Object>> createAll(CurrentUser user, @RequestBody CreateAllRequest request) {
        return BfiaResponse.ok(Map.of("job_id", jobs.createAll(request.flow_id(), request.dag(), request.config(),
                user.id())));
    }

    @PostMapping("job/stop_all")
    @Operation(summary = "5.2 停止作业")
    BfiaResponse<Map<String, Object>> stopAll(@RequestBody JobRequest request) {
        jobs.stop(request.job_id(), null);
        return BfiaResponse.ok();
    }

    @RequestMapping(path = "job/status_all", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "5.3 查询作业状态", description = "As the job's scheduler knows it; result (SUCCESS, FAILED, "
            + "STOPPED, REJECTED) tells how a FINISHED job ended. job_id and wait in the query or the body. With wait "
            + "(seconds, 0 to " + MAX_WAIT_SECONDS + "; Hutong) the answer comes once the job has ended, or when "
            + "the wait is over, whichever is first.")
    CompletableFuture<BfiaResponse<JobState>> statusAll(@RequestParam(name = "job_id", required = false) String jobId,
            @RequestParam(name = "wait", required = false) String wait,
            @RequestBody(required = false) Map<String, Object> body) {
        String id = jobId != null ? jobId : body == null ? null : (String) body.get("job_id");
        Object waitValue = wait != null ? wait : body == null ? null : body.get("wait");
        return jobs.statusOnceEnded(id, waitSeconds(waitValue)).thenApply(BfiaResponse::ok);
    }

    private static Duration waitSeconds(Object wait) {
        if (wait == null || wait.toString().isBlank()) {
            return Duration.ZERO;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(wait.toString().strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("wait", "integer(seconds)");
        }
        if (seconds < 0) {
            throw ApiException.invalid("wait", "min(0)");
        }
        if (seconds > MAX_WAIT_SECONDS) {
            throw ApiException.invalid("wait", "max(" + MAX_WAIT_SECONDS + ")");
        }
        return Duration.ofSeconds(seconds);
    }

    @GetMapping("task/get_log_line")
    @Operation(summary = "5.4 查询任务日志行数", description = "log_level info (stdout), error (stderr) or debug (the "
            + "launcher's record).")
    BfiaResponse<Map<String, Object>> logLine(@RequestParam(name = "task_id", required = false) String taskId,
            @RequestParam(name = "log_level", required = false) String level) {
        requireTask(taskId);
        return BfiaResponse.ok(Map.of("num", jobs.logLineCount(taskId, level)));
    }

    @GetMapping("task/get_log")
    @Operation(summary = "5.5 查询任务日志", description = "Lines from start (0 = the first line), length lines or all.")
    BfiaResponse<Map<String, Object>> log(@RequestParam(name = "task_id", required = false) String taskId,
            @RequestParam(name = "log_level", required = false) String level,
            @RequestParam(name = "start", required = false) Integer start,
            @RequestParam(name = "length", required = false) Integer length) {
        requireTask(taskId);
        Violations v = new Violations();
        if (v.require("start", start) && start < 0) {
            v.add("start", "min(0)");
        }
        if (length != null && length < 0) {
            v.add("length", "min(0)");
        }
        v.throwIfAny();
        return BfiaResponse.ok(Map.of("data", jobs.logLines(taskId, level, start, length == null ? null : (long) length)));
    }

    @GetMapping("job/query_job_list")
    @Operation(summary = "5.6 查询作业列表", description = "job_list: job id → status, newest first. Hutong: optional "
            + "status (one of the five); with page (from 1) or page_size (1 to " + Paging.MAX_SIZE + ", default 100) a "
            + "page, and total counts every job that matches; without them every job, as the standard has it.")
    BfiaResponse<Map<String, Object>> jobList(@RequestParam(name = "flow_id", required = false) String flowId,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "page_size", required = false) String pageSize) {
        if (status != null && !status.isBlank() && Arrays.stream(JobStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw ApiException.invalid("status", "oneOf(PENDING,READY,REJECTED,RUNNING,FINISHED)");
        }
        Paging paging = Paging.of(page, pageSize);
        BfiaJobs.Page<Map.Entry<String, String>> jobList = jobs.jobList(flowId, status, paging.offset(), paging.size());
        Map<String, String> list = new LinkedHashMap<>();
        jobList.items().forEach(job -> list.put(job.getKey(), job.getValue()));
        return BfiaResponse.ok(paging.answer("job_list", list, jobList.total()));
    }

    @PostMapping("job/stop_task")
    @Operation(summary = "5.7 停止任务", description = "Stops the task and everything downstream of it.")
    BfiaResponse<Map<String, Object>> stopTask(@RequestBody JobRequest request) {
        if (request.task_name() == null || request.task_name().isBlank()) {
            throw ApiException.invalid("task_name", "notBlank");
        }
        jobs.stop(request.job_id(), request.task_name());
        return BfiaResponse.ok();
    }

    /** One output of a job at this node, downloadable at /api/datasets/{namespace}/{name}/data. */
    record OutputView(String task_name, String role, int role_index, String output_key, String namespace, String name,
            long rows) {
    }

    @GetMapping("job/outputs")
    @Operation(summary = "The outputs a job wrote at this node (Hutong)", description = "Every output dataset a unit "
            + "of the job wrote here that the caller may read (its own job's, or the node's), with its task, role, "
            + "index, output key and rows; each is downloadable at /api/datasets/{namespace}/{name}/data.")
    BfiaResponse<Map<String, Object>> outputs(CurrentUser user,
            @RequestParam(name = "job_id", required = false) String jobId) {
        List<OutputView> outputs = jobs.outputs(jobId, user).stream().map(o -> new OutputView(o.jobOutput().taskName(),
                o.jobOutput().role(), o.jobOutput().roleIndex(), o.jobOutput().outputKey(), o.id().namespace(),
                o.id().name(), o.rows())).toList();
        return BfiaResponse.ok(Map.of("outputs", outputs));
    }

    @GetMapping("job/pending_audit")
    @Operation(summary = "Jobs waiting for this node's approval (Hutong)", description = "Oldest first; with page "
            + "(from 1) or page_size (1 to " + Paging.MAX_SIZE + ", default 100) a page and its total, else every one.")
    BfiaResponse<Map<String, Object>> pendingAudit(@RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "page_size", required = false) String pageSize) {
        Paging paging = Paging.of(page, pageSize);
        BfiaJobs.Page<PendingApproval> pending = jobs.awaitingApproval(paging.offset(), paging.size());
        return BfiaResponse.ok(paging.answer("jobs", pending.items(), pending.total()));
    }

    @PostMapping("job/audit")
    @Operation(summary = "Approve (READY) or reject (REJECTED) a job for this node (Hutong)",
            description = "The decision travels to the job's scheduler as audit_confirm.")
    BfiaResponse<Map<String, Object>> audit(@RequestBody AuditRequest request) {
        Violations v = new Violations();
        v.requireText("job_id", request.job_id());
        v.requireText("status", request.status());
        v.throwIfAny();
        jobs.decide(request.job_id(), request.status(), request.reason());
        return BfiaResponse.ok();
    }

    private static void requireTask(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw ApiException.invalid("task_id", "notBlank");
        }
    }
}
