package io.hutong.interconn.internal;

import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.JobStore.JobRow;
import io.hutong.interconn.internal.JobStore.TaskRow;
import io.hutong.interconn.internal.JobStore.UnitRow;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.interconn.internal.Messages.Start;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.LocalNode;
import io.hutong.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The scheduler (调度方) of the jobs this node coordinates. Every method runs in one transaction
 * holding the job's row lock, and every message it causes is written in that transaction, so a
 * job's history is the same whatever crashes or repeats. Nothing here waits for a clock: each
 * approval, callback or stop moves the job on at once.
 */
@Component
@Transactional
class Coordinator {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final JobStore store;
    private final Plans plans;
    private final Delivery delivery;
    private final LocalNode local;
    private final Clock clock;
    private final Duration pollInterval;

    Coordinator(JobStore store, Plans plans, Delivery delivery, LocalNode local, Clock clock,
            @Value("${hutong.interconn.poll-interval:1s}") Duration pollInterval) {
        this.store = store;
        this.plans = plans;
        this.delivery = delivery;
        this.local = local;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** §3.1: this node schedules the job; creates it at every party, itself included. */
    void createAll(CreateAll request) {
        if (store.find(request.job_id()).isPresent()) {
            return;
        }
        JobPlan plan = plans.cached(request.job_id()).orElseGet(() -> plans.plan(request.dag(), request.config()));
        Instant now = clock.instant();
        if (!store.insertJob(request.job_id(), request.flow_id(), request.dag().toString(), request.config().toString(),
                plan.config().initiator().node_id(), local.id(), plan.config().syncType(), now)) {
            return;
        }
        plans.remember(request.job_id(), plan);
        store.insertPlan(request.job_id(), plan.tasks().stream()
                .map(task -> new JobStore.NewTask(Ids.task(), task.name(), task.units())).toList(), plan.nodes(), now);
        log.info("Job {} created: {} tasks, parties {}", request.job_id(), plan.tasks().size(), plan.nodes());
        for (String node : plan.nodes()) {
            delivery.send(node, new Create(request.job_id(), request.flow_id(), request.dag(), request.config()));
        }
    }

    /** §3.10: a party's decision. Any rejection rejects the job everywhere; all approvals start it. */
    void auditConfirm(String jobId, String node, String status, String reason) {
        JobRow job = lockScheduled(jobId);
        if (!status.equals("READY") && !status.equals("REJECTED")) {
            throw ApiException.invalid("status", "oneOf(READY,REJECTED)");
        }
        if (job.status() != JobStatus.PENDING || !store.setPartyApproval(jobId, node, status, reason)) {
            return;
        }
        if (status.equals("REJECTED")) {
            end(job, JobStatus.REJECTED, JobResult.REJECTED,
                    "rejected by " + node + (reason == null || reason.isBlank() ? "" : ": " + reason));
            return;
        }
        if (store.partyApprovals(jobId).stream().allMatch("READY"::equals)) {
            // READY and RUNNING in the same transaction: nobody could ever read the READY
            store.setStatus(jobId, JobStatus.RUNNING, null, null, clock.instant());
            JobPlan plan = plans.of(job);
            plan.nodes().forEach(party -> delivery.send(party, new Start(jobId)));
            log.info("Job {} approved by every party; running", jobId);
            startReadyTasks(job, plan, store.tasks(jobId));
        }
    }

    /**
     * A party-role's state of a task (§3.9 callback, §3.8 poll, or this node's own process).
     *
     * @param roleIndex null when the reporter gave only the role
     */
    void unitReport(String taskId, String role, Integer roleIndex, String node, TaskStatus status) {
        unitReport(store.lockTask(taskId).orElseThrow(() -> ApiException.notFound("no task " + taskId)), role, roleIndex,
                node, status);
    }

    /** As above, for a caller that already holds the job's lock in this transaction. */
    void unitReport(JobStore.LockedTask locked, String role, Integer roleIndex, String node, TaskStatus status) {
        JobRow job = scheduled(locked.job());
        TaskRow task = locked.task();
        List<UnitRow> units = locked.units();
        UnitRow unit = unit(units, task.taskId(), role, roleIndex, node);
        if (job.status() != JobStatus.RUNNING || unit.status().terminal() || !status.terminal()) {
            return;
        }
        Instant now = clock.instant();
        store.setUnitStatus(task.taskId(), unit.role(), unit.roleIndex(), status, now);
        JobPlan plan = plans.of(job);
        if (status == TaskStatus.FAILED) {
            store.setTaskStatus(task.taskId(), TaskStatus.FAILED, now);
            log.info("Job {}: task {} failed at {} ({}); stopping the job", job.jobId(), task.name(), node, unit.label());
            stop(job, plan, null, JobResult.FAILED, "task " + task.name() + " failed at " + node + " as " + unit.label());
            return;
        }
        if (units.stream().allMatch(u -> u == unit || u.status() == TaskStatus.SUCCESS)) {
            store.setTaskStatus(task.taskId(), TaskStatus.SUCCESS, now);
            progress(job, plan);
        }
    }

    /** §3.5: stop the job, or one task and everything downstream of it. */
    void stopAll(String jobId, String taskName, String reason) {
        JobRow job = lockScheduled(jobId);
        JobPlan plan = plans.of(job);
        if (taskName != null && plan.tasks().stream().noneMatch(t -> t.name().equals(taskName))) {
            throw ApiException.invalid("task_name", "component(no component of the job is named " + taskName + ")");
        }
        switch (job.status()) {
            case FINISHED, REJECTED -> { }
            case PENDING, READY -> end(job, JobStatus.FINISHED, JobResult.STOPPED, reason);
            case RUNNING -> {
                store.requestStop(jobId);
                stop(job, plan, taskName, JobResult.STOPPED, reason);
            }
        }
    }

    /**
     * The outbox gave up on a message of a job: the peer kept refusing it. A job this node
     * schedules cannot go on without it, so it fails, and the reason says which message and why.
     */
    @EventListener
    void messageGivenUp(MessageGivenUp event) {
        JobRow job = store.lock(event.jobId()).orElse(null);
        if (job == null || !local.is(job.schedulerNode())) {
            return;
        }
        String reason = "message given up after " + event.refusals() + " refusals: " + event.error();
        switch (job.status()) {
            case PENDING, READY -> end(job, JobStatus.FINISHED, JobResult.FAILED, reason);
            case RUNNING -> stop(job, plans.of(job), null, JobResult.FAILED, reason);
            case FINISHED, REJECTED -> { }
        }
    }

    /** Marks the stopped tasks failed and tells the parties; a whole-job stop ends the job. */
    private void stop(JobRow job, JobPlan plan, String taskName, JobResult result, String reason) {
        Instant now = clock.instant();
        Set<String> names = taskName == null ? plan.tasks().stream().map(JobPlan.Task::name).collect(Collectors.toSet())
                : plan.taskAndDownstream(taskName);
        for (TaskRow task : store.tasks(job.jobId())) {
            boolean running = task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.READY;
            if (!names.contains(task.name()) || !(running || taskName != null && task.status() == TaskStatus.PENDING)) {
                continue;
            }
            store.setTaskStatus(task.taskId(), TaskStatus.FAILED, now);
            for (UnitRow unit : store.units(task.taskId())) {
                if (!unit.status().terminal()) {
                    store.setUnitStatus(task.taskId(), unit.role(), unit.roleIndex(), TaskStatus.FAILED, now);
                }
            }
        }
        if (taskName == null) {
            end(job, JobStatus.FINISHED, result, reason);
            return;
        }
        plan.tasks().stream().filter(t -> names.contains(t.name())).flatMap(t -> t.nodes().stream()).distinct()
                .forEach(node -> delivery.send(node, new Stop(job.jobId(), taskName, null, null, reason)));
        progress(job, plan);
    }

    /** After a task succeeded or was stopped: start what can start, or end the job when nothing can. */
    private void progress(JobRow job, JobPlan plan) {
        List<TaskRow> tasks = store.tasks(job.jobId());
        if (tasks.stream().allMatch(t -> t.status() == TaskStatus.SUCCESS)) {
            end(job, JobStatus.FINISHED, JobResult.SUCCESS, null);
            return;
        }
        if (startReadyTasks(job, plan, tasks) == 0 && tasks.stream().noneMatch(t -> t.status() == TaskStatus.RUNNING)) {
            boolean stopped = store.stopRequested(job.jobId());
            end(job, JobStatus.FINISHED, stopped ? JobResult.STOPPED : JobResult.FAILED,
                    stopped ? "stopped" : "tasks failed");
        }
    }

    /** Starts every pending task whose upstream tasks all succeeded, as {@code tasks} are now; returns how many. */
    private int startReadyTasks(JobRow job, JobPlan plan, List<TaskRow> tasks) {
        Map<String, TaskRow> byName = tasks.stream()
                .collect(Collectors.toMap(TaskRow::name, Function.identity()));
        Instant now = clock.instant();
        int started = 0;
        for (JobPlan.Task task : plan.tasks()) {
            TaskRow row = byName.get(task.name());
            if (row.status() != TaskStatus.PENDING
                    || !task.upstream().stream().allMatch(up -> byName.get(up).status() == TaskStatus.SUCCESS)) {
                continue;
            }
            store.setTaskStatus(row.taskId(), TaskStatus.RUNNING, now);
            started++;
            Map<String, String> upstream = new LinkedHashMap<>();
            task.upstream().forEach(up -> upstream.put(up, byName.get(up).taskId()));
            store.setUnitsRunning(row.taskId(), now);
            for (JobPlan.Unit unit : task.units()) {
                if (job.poll() && !local.is(unit.nodeId())) {
                    store.setNextPoll(row.taskId(), unit.role(), unit.roleIndex(), now.plus(pollInterval));
                }
            }
            // other nodes first: their messages leave when the transaction commits, before this node's launch
            for (String node : task.nodes().stream().sorted(Comparator.comparing(local::is)).toList()) {
                List<String> roles = task.unitsOf(node).stream().map(JobPlan.Unit::label).toList();
                delivery.send(node, new TaskStart(row.taskId(), job.jobId(), task.name(), roles, upstream));
            }
        }
        return started;
    }

    private void end(JobRow job, JobStatus status, JobResult result, String reason) {
        store.setStatus(job.jobId(), status, result, reason, clock.instant());
        log.info("Job {} {} ({}){}", job.jobId(), status, result, reason == null ? "" : ": " + reason);
        for (String node : plans.of(job).nodes()) {
            delivery.send(node, new Stop(job.jobId(), null, status.name(), result.name(), reason));
        }
    }

    private JobRow lockScheduled(String jobId) {
        return scheduled(store.lock(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId)));
    }

    private JobRow scheduled(JobRow job) {
        if (!local.is(job.schedulerNode())) {
            throw ApiException.failure("job " + job.jobId() + " is scheduled by " + job.schedulerNode()
                    + ", not this node");
        }
        return job;
    }

    /** The unit a report is about: by role and index, or by role and the reporting node. */
    private static UnitRow unit(List<UnitRow> units, String taskId, String role, Integer roleIndex, String node) {
        List<UnitRow> candidates = units.stream()
                .filter(u -> u.role().equals(role) && (roleIndex == null ? u.nodeId().equals(node)
                        : u.roleIndex() == roleIndex))
                .toList();
        if (candidates.size() != 1) {
            throw ApiException.invalid("role", "party(" + role + (roleIndex == null ? "" : "." + roleIndex)
                    + " of node " + node + " takes no single part in task " + taskId + ")");
        }
        return candidates.get(0);
    }
}
