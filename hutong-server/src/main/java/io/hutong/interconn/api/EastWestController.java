package io.hutong.interconn.api;

import io.hutong.interconn.JobState;
import io.hutong.interconn.internal.EastWestHandler;
import io.hutong.interconn.internal.Messages;
import io.hutong.node.EastWestApi;
import io.hutong.node.NonceInTransaction;
import io.hutong.node.PeerCaller;
import io.hutong.web.ApiException;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** §3, the east-west API other nodes call. */
@RestController
@EastWestApi
@BfiaApi
@RequestMapping(Messages.PREFIX)
@Tag(name = "BFIA east-west", description = "§3: scheduling calls between nodes")
class EastWestController {

    private final EastWestHandler handler;

    EastWestController(EastWestHandler handler) {
        this.handler = handler;
    }

    @PostMapping("job/create_all")
    @NonceInTransaction
    @Operation(summary = "3.1 创建作业-调度方")
    BfiaResponse<Map<String, Object>> createAll(PeerCaller caller, @RequestBody Messages.CreateAll request) {
        return handled(caller, request);
    }

    @PostMapping("job/create")
    @NonceInTransaction
    @Operation(summary = "3.2 创建作业")
    BfiaResponse<Map<String, Object>> create(PeerCaller caller, @RequestBody Messages.Create request) {
        return handled(caller, request);
    }

    @PostMapping("job/start")
    @NonceInTransaction
    @Operation(summary = "3.3 启动作业")
    BfiaResponse<Map<String, Object>> start(PeerCaller caller, @RequestBody Messages.Start request) {
        return handled(caller, request);
    }

    @PostMapping("task/start")
    @NonceInTransaction
    @Operation(summary = "3.4 启动任务")
    BfiaResponse<Map<String, Object>> taskStart(PeerCaller caller, @RequestBody Messages.TaskStart request) {
        return handled(caller, request);
    }

    @PostMapping("job/stop_all")
    @NonceInTransaction
    @Operation(summary = "3.5 停止作业-调度方")
    BfiaResponse<Map<String, Object>> stopAll(PeerCaller caller, @RequestBody Messages.StopAll request) {
        return handled(caller, request);
    }

    @PostMapping("job/stop")
    @NonceInTransaction
    @Operation(summary = "3.6 停止作业")
    BfiaResponse<Map<String, Object>> stop(PeerCaller caller, @RequestBody Messages.Stop request) {
        return handled(caller, request);
    }

    @PostMapping("task/stop")
    @NonceInTransaction
    @Operation(summary = "Stop one task (Kuscia's addition)", description = "From the job's scheduler: this node's "
            + "units of the task stop and fail unless they ended; nothing downstream changes.")
    BfiaResponse<Map<String, Object>> taskStop(PeerCaller caller, @RequestBody Messages.TaskStop request) {
        return handled(caller, request);
    }

    @RequestMapping(path = "job/status_all", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "3.7 查询作业状态-调度方", description = "GET (v1.0) or POST (v1.2); job_id from the query or the "
            + "JSON body (FATE sends it in the body of a GET). Answered to the job's parties only, in the caller's "
            + "dialect: Hutong's whole state; Kuscia's {status: {task_id: status}} alone; FATE-Flow's "
            + "{job_status, status: {task_name: status}}.")
    BfiaResponse<Object> statusAll(PeerCaller caller, @RequestParam(name = "job_id", required = false) String jobId,
            @RequestBody(required = false) Map<String, Object> body) {
        String id = jobId != null ? jobId : body == null ? null : (String) body.get("job_id");
        if (id == null || id.isBlank()) {
            throw ApiException.invalid("job_id", "notBlank");
        }
        return BfiaResponse.ok(handler.statusAll(caller, id));
    }

    record PollRequest(String task_id, String role, Integer role_index) {
    }

    @PostMapping("task/poll")
    @Operation(summary = "3.8 查询任务回调信息", description = "Asked by the job's scheduler only; role as guest or guest.0, "
            + "empty or left out for all of this node's units of the task.")
    BfiaResponse<Map<String, Object>> poll(PeerCaller caller, @RequestBody PollRequest request) {
        String role = request.role_index() == null || request.role() == null || request.role().contains(".")
                ? request.role() : request.role() + "." + request.role_index();
        return BfiaResponse.ok(Map.of("status", handler.poll(caller, request.task_id(), role).name()));
    }

    @PostMapping("task/callback")
    @NonceInTransaction
    @Operation(summary = "3.9 推送任务回调信息")
    BfiaResponse<Map<String, Object>> callback(PeerCaller caller, @RequestBody Messages.TaskCallback request) {
        return handled(caller, request);
    }

    @PostMapping("job/audit_confirm")
    @NonceInTransaction
    @Operation(summary = "3.10 作业审批确认")
    BfiaResponse<Map<String, Object>> auditConfirm(PeerCaller caller, @RequestBody Messages.AuditConfirm request) {
        return handled(caller, request);
    }

    private BfiaResponse<Map<String, Object>> handled(PeerCaller caller, Messages.Message message) {
        handler.handle(caller, message);
        return BfiaResponse.ok();
    }
}
