package io.hutong.interconn.internal;

import io.hutong.interconn.JobDataset;
import io.hutong.interconn.JobState;
import io.hutong.interconn.PendingApproval;
import io.hutong.interconn.internal.JobStore.JobRow;
import io.hutong.interconn.internal.JobStore.JobWithTasks;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.node.EastWest;
import io.hutong.node.LocalNode;
import io.hutong.node.PeerException;
import io.hutong.node.Peers;
import io.hutong.runtime.TaskLogs;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The north-south side: what this node's users ask of the jobs it takes part in. */
@Component
public class JobQueries {

    private static final Logger log = LoggerFactory.getLogger(JobQueries.class);
    private static final Set<String> LEVELS = Set.of("info", "debug", "error");

    private final JobStore store;
    private final Plans plans;
    private final Delivery delivery;
    private final Participant participant;
    private final LocalNode local;
    private final Peers peers;
    private final EastWest eastWest;
    private final TaskLogs logs;
    private final ApiDates dates;
    private final JsonMapper json;
    private final JobEndWaits waits;
    private final Executor executor;

    JobQueries(JobStore store, Plans plans, Delivery delivery, Participant participant, LocalNode local, Peers peers,
            EastWest eastWest, TaskLogs logs, ApiDates dates, JsonMapper json, JobEndWaits waits,
            @Qualifier("applicationTaskExecutor") Executor executor) {
        this.store = store;
        this.plans = plans;
        this.delivery = delivery;
        this.participant = participant;
        this.local = local;
        this.peers = peers;
        this.eastWest = eastWest;
        this.logs = logs;
        this.dates = dates;
        this.json = json;
        this.waits = waits;
        this.executor = executor;
    }

    @Transactional
    public String createAll(String flowId, JsonNode dag, JsonNode config) {
        JobPlan plan = plans.plan(dag, config);
        if (!local.is(plan.config().initiator().node_id())) {
            throw ApiException.invalid("config.initiator.node_id", "thisNode(" + local.id() + ")");
        }
        String scheduler = plan.config().coordinator() != null ? plan.config().coordinator() : local.id();
        if (!local.is(scheduler) && peers.find(scheduler).isEmpty()) {
            throw ApiException.invalid("config.job_params.common.coordinator", "peer(" + scheduler
                    + " is not a known peer)");
        }
        String jobId = Ids.job();
        if (local.is(scheduler)) {
            // handled at once in this transaction: the scheduler takes the plan instead of making it again
            plans.remember(jobId, plan);
        }
        delivery.send(scheduler, new CreateAll(jobId, flowId, dag, config));
        return jobId;
    }

    @Transactional
    public void stop(String jobId, String taskName) {
        // under the job's lock, as every message of a job is written (see Outbox.enqueue)
        JobRow job = existing(jobId, store::lock);
        String task = taskName == null || taskName.isBlank() ? null : taskName;
        delivery.send(job.schedulerNode(), new StopAll(jobId, task, null));
    }

    public JobState status(String jobId) {
        return status(existing(jobId, store::findWithTasks));
    }

    /**
     * As {@link #status}, once the job has ended on this node or after {@code wait}, whichever
     * comes first: a portal learns of the end when it happens, with one request instead of many.
     */
    public CompletableFuture<JobState> statusOnceEnded(String jobId, Duration wait) {
        JobWithTasks found = existing(jobId, store::findWithTasks);
        if (wait.isZero() || found.job().status().ended()) {
            return CompletableFuture.completedFuture(status(found));
        }
        CompletableFuture<Void> end = waits.register(jobId);
        // the end may have committed between the read above and the registration
        if (store.find(jobId).map(job -> job.status().ended()).orElse(false)) {
            end.complete(null);
        }
        return end.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).thenApplyAsync(ignored -> {
            waits.forget(jobId, end);
            return status(jobId);
        }, executor);
    }

    private JobState status(JobWithTasks found) {
        String jobId = found.job().jobId();
        String scheduler = found.job().schedulerNode();
        if (!local.is(scheduler)) {
            try {
                JsonNode data = eastWest.get(scheduler, Messages.PREFIX + "job/status_all",
                        "job_id=" + URLEncoder.encode(jobId, StandardCharsets.UTF_8));
                return json.treeToValue(data, JobState.class);
            } catch (PeerException e) {
                log.warn("Scheduler {} of job {} did not answer status_all; answering this node's view: {}",
                        scheduler, jobId, e.getMessage());
            }
        }
        return state(found);
    }

    /** This node's own record of the job (the truth when it is the scheduler). */
    public JobState localStatus(String jobId) {
        return state(existing(jobId, store::findWithTasks));
    }

    private static JobState state(JobWithTasks found) {
        Map<String, String> status = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        found.tasks().forEach(task -> {
            status.put(task.taskId(), task.status().name());
            ids.put(task.name(), task.taskId());
        });
        JobRow job = found.job();
        return new JobState(job.status().name(), status, job.result() == null ? null : job.result().name(),
                job.reason(), ids);
    }

    public List<JobDataset> datasets(String jobId) {
        return store.find(jobId).map(job -> plans.of(job).config().datasets()).orElse(List.of());
    }

    public Map<String, String> jobList(String flowId) {
        Map<String, String> list = new LinkedHashMap<>();
        store.jobs(flowId == null || flowId.isBlank() ? null : flowId)
                .forEach(job -> list.put(job.jobId(), job.status().name()));
        return list;
    }

    public List<PendingApproval> awaitingApproval() {
        return store.awaitingApproval().stream().map(job -> {
            JobPlan plan = plans.of(job);
            return new PendingApproval(job.jobId(), job.flowId(), job.initiatorNode(), job.schedulerNode(),
                    plan.rolesOf(local.id()), plan.tasks().stream().map(t -> t.name() + " ("
                            + t.registered().info().componentName() + " " + t.registered().info().version() + ")").toList(),
                    dates.format(job.createdAt()));
        }).toList();
    }

    @Transactional
    public void decide(String jobId, String status, String reason) {
        existing(jobId, store::find);
        participant.decide(jobId, status, reason);
    }

    public List<String> logLines(String taskId, String level) {
        if (level == null || !LEVELS.contains(level)) {
            throw ApiException.invalid("log_level", "oneOf(info,debug,error)");
        }
        var task = store.task(taskId).orElseThrow(() -> ApiException.notFound("no task " + taskId));
        List<TaskLogs.Unit> units = store.units(taskId).stream().filter(u -> local.is(u.nodeId()))
                .map(u -> new TaskLogs.Unit(task.jobId(), taskId, u.role(), u.roleIndex())).toList();
        return logs.lines(units, level);
    }

    /** The job as {@code read} finds it; an error naming job_id when it is blank or unknown. */
    private static <T> T existing(String jobId, Function<String, Optional<T>> read) {
        if (jobId == null || jobId.isBlank()) {
            throw ApiException.invalid("job_id", "notBlank");
        }
        return read.apply(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
    }
}
