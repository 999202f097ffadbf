package io.hutong.interconn.internal;

import io.hutong.data.Dataset;
import io.hutong.interconn.BfiaJobs.Page;
import io.hutong.interconn.JobDataset;
import io.hutong.interconn.JobState;
import io.hutong.interconn.PendingApproval;
import io.hutong.node.LocalNode;
import io.hutong.node.PeerException;
import io.hutong.runtime.TaskLogs;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** The north-south questions: what this node's users want to know of the jobs it takes part in. */
@Component
public class JobQueries {

    private static final Logger log = LoggerFactory.getLogger(JobQueries.class);
    private static final Set<String> LEVELS = Set.of("info", "debug", "error");

    private final JobStore store;
    private final JobTransactions jobs;
    private final JobOutputs outputs;
    private final LocalNode local;
    private final SchedulerStatus schedulers;
    private final TaskLogs logs;
    private final ApiDates dates;
    private final JobEndWaits waits;
    private final Executor executor;

    JobQueries(JobStore store, JobTransactions jobs, JobOutputs outputs, LocalNode local, SchedulerStatus schedulers,
            TaskLogs logs, ApiDates dates, JobEndWaits waits, @Qualifier("applicationTaskExecutor") Executor executor) {
        this.store = store;
        this.jobs = jobs;
        this.outputs = outputs;
        this.local = local;
        this.schedulers = schedulers;
        this.logs = logs;
        this.dates = dates;
        this.waits = waits;
        this.executor = executor;
    }

    /** §5.3: as the scheduler knows it, so every party answers alike; this node's view when the scheduler is silent. */
    public JobState status(String jobId) {
        return status(existing(jobId));
    }

    private JobState status(BfiaJob job) {
        if (!job.schedules()) {
            try {
                return schedulers.of(job);
            } catch (PeerException e) {
                log.warn("Scheduler {} of job {} did not answer status_all; answering this node's view: {}",
                        job.scheduler, job.jobId, e.getMessage());
            }
        }
        return job.state();
    }

    /**
     * As {@link #status}, once the job has ended on this node or after {@code wait}, whichever
     * comes first: a portal learns of the end when it happens, with one request instead of many.
     */
    public CompletableFuture<JobState> statusOnceEnded(String jobId, Duration wait) {
        BfiaJob job = existing(jobId);
        if (wait.isZero() || job.status.ended()) {
            return CompletableFuture.completedFuture(status(job));
        }
        CompletableFuture<Void> end = waits.register(jobId);
        // the end may have committed between the read above and the registration
        if (store.findRow(jobId).map(row -> row.status().ended()).orElse(false)) {
            end.complete(null);
        }
        return end.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).thenApplyAsync(ignored -> {
            waits.forget(jobId, end);
            return status(jobId);
        }, executor);
    }

    public List<JobDataset> datasets(String jobId) {
        return store.find(jobId, jobs.context()).map(job -> job.plan == JobPlan.UNPLANNED ? List.<JobDataset>of()
                : job.plan.config().datasets()).orElse(List.of());
    }

    /** §5.6: job id → status, newest first, optionally of one flow and one status. */
    public Page<Map.Entry<String, String>> jobList(String flowId, String status, int offset, int limit) {
        List<Map.Entry<String, String>> page = store.jobs(flowId, status, offset, limit).stream()
                .map(job -> Map.entry(job.jobId(), job.status().name())).toList();
        return new Page<>(page, store.countJobs(flowId, status));
    }

    public Page<PendingApproval> awaitingApproval(int offset, int limit) {
        List<PendingApproval> page = store.awaitingApproval(offset, limit).stream().map(row -> {
            BfiaJob job = store.find(row.jobId(), jobs.context()).orElseThrow();
            JobPlan plan = job.plan;
            return new PendingApproval(job.jobId, job.flowId, job.initiator, job.scheduler, plan.rolesOf(local.id()),
                    plan.tasks().stream().map(t -> t.name() + " (" + t.registered().info().componentName() + " "
                            + t.registered().info().version() + ")").toList(),
                    dates.format(job.createdAt));
        }).toList();
        return new Page<>(page, store.countAwaitingApproval());
    }

    /** The outputs a job this node knows wrote here; a 404 for a job it does not know. */
    public List<Dataset> outputs(String jobId) {
        existingRow(jobId);
        return outputs.of(jobId);
    }

    /** §5.4: how many lines this node's log of a task has at a level (info, debug, error). */
    public long logLineCount(String taskId, String level) {
        return logs.count(logUnits(taskId, level), level);
    }

    /** §5.5: lines from {@code start}, at most {@code length} of them (all with null), streamed from the files. */
    public String logLines(String taskId, String level, long start, Long length) {
        StringBuilder text = new StringBuilder();
        logs.read(logUnits(taskId, level), level, start, length == null ? Long.MAX_VALUE : length, line -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(line);
        });
        return text.toString();
    }

    private List<TaskLogs.Unit> logUnits(String taskId, String level) {
        if (level == null || !LEVELS.contains(level)) {
            throw ApiException.invalid("log_level", "oneOf(info,debug,error)");
        }
        String jobId = store.jobOfTask(taskId).orElseThrow(() -> ApiException.notFound("no task " + taskId));
        return store.localUnits(taskId, local.id()).stream()
                .map(u -> new TaskLogs.Unit(jobId, taskId, u.role(), u.roleIndex())).toList();
    }

    private JobStore.JobRow existingRow(String jobId) {
        JobCommands.requireId(jobId);
        return store.findRow(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
    }

    /** The job as this node knows it; an error naming job_id when it is blank or unknown. */
    private BfiaJob existing(String jobId) {
        JobCommands.requireId(jobId);
        return store.find(jobId, jobs.context()).orElseThrow(() -> ApiException.notFound("no job " + jobId));
    }
}
