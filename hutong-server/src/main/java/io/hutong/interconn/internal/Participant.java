package io.hutong.interconn.internal;

import io.hutong.interconn.JobAdmission;
import io.hutong.interconn.JobDataset;
import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.JobStore.JobRow;
import io.hutong.interconn.internal.JobStore.UnitRow;
import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.LocalNode;
import io.hutong.runtime.LaunchException;
import io.hutong.runtime.LaunchedTask;
import io.hutong.runtime.TaskExited;
import io.hutong.runtime.TaskLauncher;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.TaskSpec;
import io.hutong.storage.AfterTransaction;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * This node as a party (参与方) of a job: approves it, starts its share of each task as local
 * processes once the transaction that decided so has committed, and reports how they end to the
 * scheduler.
 */
@Component
@Transactional
class Participant {

    private static final Logger log = LoggerFactory.getLogger(Participant.class);

    private final JobStore store;
    private final Plans plans;
    private final Delivery delivery;
    private final LocalNode local;
    private final ApprovalPolicy policy;
    private final TaskLauncher launcher;
    private final TaskLogs logs;
    private final TaskEnvironment environment;
    private final ObjectProvider<Coordinator> coordinator;
    private final ObjectProvider<Participant> self;
    private final ObjectProvider<JobAdmission> admission;
    private final TaskExecutor launches;
    private final Clock clock;
    // this replica's launched units until they exit: true once their end is committed, when their
    // exit code no longer decides anything
    private final Map<String, Boolean> launchedHere = new ConcurrentHashMap<>();

    Participant(JobStore store, Plans plans, Delivery delivery, LocalNode local, ApprovalPolicy policy,
            TaskLauncher launcher, TaskLogs logs, TaskEnvironment environment, ObjectProvider<Coordinator> coordinator,
            ObjectProvider<Participant> self, ObjectProvider<JobAdmission> admission,
            @Qualifier("applicationTaskExecutor") TaskExecutor launches, Clock clock) {
        this.store = store;
        this.plans = plans;
        this.delivery = delivery;
        this.local = local;
        this.policy = policy;
        this.launcher = launcher;
        this.logs = logs;
        this.environment = environment;
        this.coordinator = coordinator;
        this.self = self;
        this.admission = admission;
        this.launches = launches;
        this.clock = clock;
    }

    /**
     * §3.2: the job as this party sees it; rejected when the {@link JobAdmission} refuses it,
     * approved at once when the policy says so.
     */
    void create(Create request, String scheduler, String resourceTokens) {
        if (store.find(request.job_id()).isEmpty()) {
            String config = request.config() == null ? "{}" : request.config().toString();
            String dag = request.dag() == null ? "{}" : request.dag().toString();
            JobPlan plan;
            try {
                plan = plans.plan(request.dag(), request.config());
            } catch (ApiException invalid) {
                // the scheduler hears why through the rejection, instead of retrying a create forever
                String initiator = request.config() == null ? scheduler
                        : request.config().path("initiator").path("node_id").asString(scheduler);
                store.insertJob(request.job_id(), request.flow_id(), dag, config, initiator, scheduler, "callback",
                        clock.instant());
                decide(request.job_id(), "REJECTED", "invalid here: " + invalid.getMessage());
                return;
            }
            store.insertJob(request.job_id(), request.flow_id(), dag, config, plan.config().initiator().node_id(),
                    scheduler, plan.config().syncType(), clock.instant());
            plans.remember(request.job_id(), plan);
        }
        JobRow job = store.lock(request.job_id()).orElseThrow();
        if (!job.approval().equals("PENDING")) {
            return;
        }
        String refusal = refusal(job, scheduler, resourceTokens);
        if (refusal != null) {
            log.info("Job {} of {} refused here: {}", job.jobId(), scheduler, refusal);
            decide(job.jobId(), "REJECTED", refusal);
            return;
        }
        String approvedBecause = policy.approves(job.initiatorNode());
        if (approvedBecause != null) {
            decide(job.jobId(), "READY", approvedBecause);
        } else {
            log.info("Job {} of {} waits for this node's approval", job.jobId(), job.initiatorNode());
        }
    }

    private String refusal(JobRow job, String requestingNode, String resourceTokens) {
        JobAdmission check = admission.getIfUnique();
        if (check == null || local.is(requestingNode)) {
            return null;
        }
        List<JobDataset> mine = plans.of(job).config().datasets().stream().filter(d -> local.is(d.nodeId())).toList();
        return check.refusal(new JobAdmission.Request(job.jobId(), requestingNode, mine, resourceTokens));
    }

    /** This node's decision on a job (policy or a person); it travels to the scheduler as audit_confirm. */
    void decide(String jobId, String status, String reason) {
        JobRow job = store.lock(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
        if (!job.approval().equals("PENDING")) {
            throw ApiException.failure("job " + jobId + " was already " + job.approval() + " here");
        }
        Instant now = clock.instant();
        store.setApproval(jobId, status, reason, now);
        if (status.equals("REJECTED") && !local.is(job.schedulerNode())) {
            store.setStatus(jobId, JobStatus.REJECTED, JobResult.REJECTED, "rejected here: " + reason, now);
        }
        delivery.send(job.schedulerNode(), new AuditConfirm(jobId, status, reason));
    }

    /** §3.3. */
    void start(String jobId) {
        JobRow job = store.lock(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId));
        if (!local.is(job.schedulerNode()) && (job.status() == JobStatus.PENDING || job.status() == JobStatus.READY)) {
            store.setStatus(jobId, JobStatus.RUNNING, null, null, clock.instant());
        }
    }

    /** §3.4: launches this node's units of the task, each once. */
    void taskStart(TaskStart request) {
        JobRow job = store.lock(request.job_id()).orElseThrow(() -> ApiException.notFound("no job " + request.job_id()));
        if (job.status().ended()) {
            return;
        }
        JobPlan plan = plans.of(job);
        JobPlan.Task task = plan.tasks().stream().filter(t -> t.name().equals(request.task_name())).findFirst()
                .orElseThrow(() -> ApiException.invalid("task_name", "component(no component of the job is named "
                        + request.task_name() + ")"));
        Instant now = clock.instant();
        // the scheduler wrote its task rows when it created the job, and runs the job already
        if (!local.is(job.schedulerNode())) {
            if (job.status() != JobStatus.RUNNING) {
                store.setStatus(job.jobId(), JobStatus.RUNNING, null, null, now);
            }
            store.insertRunningTask(request.task_id(), job.jobId(), task.name(), now);
        }
        List<JobPlan.Unit> units = task.unitsOf(local.id()).stream()
                .filter(u -> request.roles() == null || request.roles().contains(u.label())).toList();
        Map<String, String> upstream = request.upstream_tasks() != null ? request.upstream_tasks() : Map.of();
        List<TaskSpec> specs = new ArrayList<>();
        for (JobPlan.Unit unit : units) {
            String token = Ids.token();
            if (store.claimUnitLaunch(request.task_id(), unit.role(), unit.roleIndex(), local.id(), Ids.sha256(token), now)) {
                String logPath = logs.directory(job.jobId(), request.task_id(), unit.role(), unit.roleIndex()).toString();
                specs.add(new TaskSpec(job.jobId(), request.task_id(), unit.role(), unit.roleIndex(),
                        task.registered().imageUrl(), environment.of(job.jobId(), request.task_id(), plan, task, unit,
                                token, logPath, upstream)));
            }
        }
        // on another thread: this one still holds the committed transaction's connection, and the
        // task/start answer need not wait for the spawn
        AfterTransaction.commit(() -> specs.forEach(spec -> launches.execute(() -> launch(spec))));
    }

    private void launch(TaskSpec spec) {
        String unit = unitKey(spec.taskId(), spec.role(), spec.roleIndex());
        launchedHere.put(unit, false);
        try {
            LaunchedTask launched = launcher.launch(spec);
            self.getObject().recordProcess(spec, launched);
        } catch (LaunchException e) {
            launchedHere.remove(unit);
            log.warn("Task {} {} could not start: {}", spec.taskId(), spec.unit(), e.getMessage());
            self.getObject().launchFailed(spec);
        }
    }

    private static String unitKey(String taskId, String role, int roleIndex) {
        return taskId + "/" + role + "." + roleIndex;
    }

    void launchFailed(TaskSpec spec) {
        unitEnded(spec.taskId(), spec.role(), spec.roleIndex(), TaskStatus.FAILED);
    }

    void recordProcess(TaskSpec spec, LaunchedTask launched) {
        // the unit's row only, without the job's: one lock, so no order to keep with other writers
        TaskStatus status = store.setUnitProcess(spec.taskId(), spec.role(), spec.roleIndex(), launched.pid(),
                launched.startedAt(), launched.host());
        if (status == TaskStatus.FAILED) {
            // a stop between the decision to launch and the spawn found no process to kill
            AfterTransaction.commit(() -> launcher.stop(launched));
        }
    }

    /**
     * The component's own report (§4.1), checked against its unit's token in the units read once
     * the job is locked, the same read the report then works with; only an end counts, RUNNING
     * changes nothing.
     *
     * @param roleIndex null when the component gave only its role: this node's one unit of that role
     * @param trustedAddress whether the report came from an address tasks are launched on, which needs no token
     */
    void componentReport(String taskId, String role, Integer roleIndex, TaskStatus status, String token,
            boolean trustedAddress) {
        Optional<JobStore.LockedTask> locked = store.lockTask(taskId);
        List<UnitRow> units = locked.map(JobStore.LockedTask::units).orElse(List.of());
        int index = roleIndex != null ? roleIndex : onlyIndex(units, taskId, role);
        String hash = token == null || token.isBlank() ? null : Ids.sha256(token);
        boolean tokenOk = hash != null && units.stream().anyMatch(u -> u.role().equals(role) && u.roleIndex() == index
                && hash.equals(u.tokenHash()));
        if (!tokenOk && !trustedAddress) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "a task callback needs the task's config.token in the token "
                    + "header, or must come from an address tasks are launched on");
        }
        if (status.terminal()) {
            unitEnded(locked.orElseThrow(() -> ApiException.notFound("no task " + taskId)), role, index, status);
        }
    }

    /** A role given without index: this node's only unit of that role in the task. */
    private int onlyIndex(List<UnitRow> units, String taskId, String role) {
        List<Integer> indexes = units.stream().filter(u -> local.is(u.nodeId()) && u.role().equals(role))
                .map(UnitRow::roleIndex).toList();
        if (indexes.size() != 1) {
            throw ApiException.invalid("role", "party(this node has " + (indexes.isEmpty() ? "no" : "several")
                    + " " + role + " in task " + taskId + "; send role.index)");
        }
        return indexes.get(0);
    }

    /**
     * The process ended: its exit code decides for a component that never called back. A unit whose
     * end this replica committed needs nothing more (its exit status is in the task's debug log).
     * Otherwise outside a transaction (a listener of this bean would otherwise open one, and hold its
     * connection while the statements here take another): the exit code is one row's update,
     * committed at once. Only a unit that has not ended yet takes the job's lock, in a transaction of
     * its own; holding the unit's row while waiting for the job's would deadlock with a task/start,
     * which takes them the other way.
     */
    @EventListener
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void onExit(TaskExited exited) {
        if (Boolean.TRUE.equals(launchedHere.remove(unitKey(exited.taskId(), exited.role(), exited.roleIndex())))) {
            return;
        }
        TaskStatus status = store.setUnitExit(exited.taskId(), exited.role(), exited.roleIndex(), exited.exitCode());
        if (status != null && !status.terminal()) {
            self.getObject().exitedRunning(exited);
        }
    }

    void exitedRunning(TaskExited exited) {
        store.lockTask(exited.taskId()).ifPresent(locked -> unitEnded(locked, exited.role(), exited.roleIndex(),
                exited.exitCode() != null && exited.exitCode() == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED));
    }

    /** One of this node's units ended; the scheduler hears it (or asks, in poll mode). */
    void unitEnded(String taskId, String role, int roleIndex, TaskStatus status) {
        unitEnded(store.lockTask(taskId).orElseThrow(() -> ApiException.notFound("no task " + taskId)), role, roleIndex,
                status);
    }

    private void unitEnded(JobStore.LockedTask locked, String role, int roleIndex, TaskStatus status) {
        String taskId = locked.task().taskId();
        JobRow job = locked.job();
        List<UnitRow> units = locked.units();
        UnitRow unit = units.stream().filter(u -> u.role().equals(role) && u.roleIndex() == roleIndex)
                .findFirst().orElseThrow(() -> ApiException.invalid("role", "party(" + role + "." + roleIndex
                        + " takes no part in task " + taskId + " here)"));
        if (unit.status().terminal() || !local.is(unit.nodeId())) {
            return;
        }
        AfterTransaction.commit(() -> launchedHere.computeIfPresent(unitKey(taskId, role, roleIndex),
                (key, ended) -> true));
        if (local.is(job.schedulerNode())) {
            coordinator.getObject().unitReport(locked, role, roleIndex, local.id(), status);
            return;
        }
        Instant now = clock.instant();
        store.setUnitStatus(taskId, role, roleIndex, status, now);
        List<TaskStatus> mine = units.stream().filter(u -> local.is(u.nodeId()))
                .map(u -> u == unit ? status : u.status()).toList();
        if (mine.contains(TaskStatus.FAILED)) {
            store.setTaskStatus(taskId, TaskStatus.FAILED, now);
        } else if (mine.stream().allMatch(s -> s == TaskStatus.SUCCESS)) {
            store.setTaskStatus(taskId, TaskStatus.SUCCESS, now);
        }
        if (!job.poll()) {
            delivery.send(job.schedulerNode(), new TaskCallback(taskId, status.name(), role, roleIndex, job.jobId()));
        }
    }

    /**
     * The outbox gave up on a message of this party to the job's scheduler (an audit_confirm, a
     * callback): the scheduler would wait for it forever. A party cannot end a job it does not
     * schedule, so it asks the scheduler to stop it, with the refusal as the reason; §3.5 lets any
     * party do so. A stop_all given up is not asked again.
     */
    @EventListener
    void messageGivenUp(MessageGivenUp event) {
        JobRow job = store.lock(event.jobId()).orElse(null);
        if (job == null || local.is(job.schedulerNode()) || !job.schedulerNode().equals(event.target())
                || event.path().equals(StopAll.PATH) || job.status().ended()) {
            return;
        }
        log.warn("Job {}: asking {} to stop it, as it refused {} {} times", job.jobId(), event.target(), event.path(),
                event.refusals());
        delivery.send(job.schedulerNode(), new StopAll(job.jobId(), null, local.id() + " gave up "
                + event.path().substring(Messages.PREFIX.length()) + " after " + event.refusals() + " refusals: "
                + event.error()));
    }

    /** §3.6: kills this node's processes of the stopped tasks; a whole-job stop ends the job here too. */
    void stop(Stop request) {
        JobRow job = store.lock(request.job_id()).orElse(null);
        if (job == null) {
            return;
        }
        JobPlan plan = plans.of(job);
        Set<String> names = request.task_name() == null || request.task_name().isBlank()
                ? plan.tasks().stream().map(JobPlan.Task::name).collect(Collectors.toSet())
                : plan.taskAndDownstream(request.task_name());
        Instant now = clock.instant();
        boolean scheduler = local.is(job.schedulerNode());
        List<UnitRow> toKill = new ArrayList<>();
        Map<String, List<UnitRow>> unitsByTask = store.unitsOfJob(job.jobId()).stream()
                .collect(Collectors.groupingBy(UnitRow::taskId));
        for (var task : store.tasks(job.jobId())) {
            if (!names.contains(task.name())) {
                continue;
            }
            for (UnitRow unit : unitsByTask.getOrDefault(task.taskId(), List.of())) {
                if (!local.is(unit.nodeId())) {
                    continue;
                }
                // a unit that reported success may still be finishing: only the others are killed
                if (unit.pid() != null && unit.status() != TaskStatus.SUCCESS) {
                    toKill.add(unit);
                }
                if (!scheduler && !unit.status().terminal()) {
                    store.setUnitStatus(task.taskId(), unit.role(), unit.roleIndex(), TaskStatus.FAILED, now);
                }
            }
            if (!scheduler && !task.status().terminal()) {
                store.setTaskStatus(task.taskId(), TaskStatus.FAILED, now);
            }
        }
        if (!scheduler && (request.task_name() == null || request.task_name().isBlank())) {
            JobStatus status = "REJECTED".equals(request.job_status()) ? JobStatus.REJECTED : JobStatus.FINISHED;
            JobResult result = request.result() != null ? JobResult.valueOf(request.result())
                    : status == JobStatus.REJECTED ? JobResult.REJECTED : JobResult.STOPPED;
            store.setStatus(job.jobId(), status, result, request.reason(), now);
        }
        AfterTransaction.commit(() -> toKill.forEach(unit -> launcher.stop(new LaunchedTask(unit.pid(), unit.processStartedAt(),
                unit.host()))));
    }

    /** §3.8: the state of this node's unit of a task. */
    @Transactional(readOnly = true)
    TaskStatus poll(String taskId, String role, Integer roleIndex) {
        List<UnitRow> units = store.units(taskId).stream()
                .filter(u -> local.is(u.nodeId()) && u.role().equals(role)
                        && (roleIndex == null || u.roleIndex() == roleIndex)).toList();
        if (units.isEmpty()) {
            return store.task(taskId).map(t -> TaskStatus.PENDING)
                    .orElseThrow(() -> ApiException.notFound("no task " + taskId));
        }
        if (units.stream().anyMatch(u -> u.status() == TaskStatus.FAILED)) {
            return TaskStatus.FAILED;
        }
        return units.stream().allMatch(u -> u.status() == TaskStatus.SUCCESS) ? TaskStatus.SUCCESS
                : TaskStatus.RUNNING;
    }

    /** After a restart: this node's units that were running are followed again; their ends arrive as exits. */
    void recover() {
        for (UnitRow unit : store.localRunning(local.id())) {
            if (unit.tokenHash() == null) {
                continue;
            }
            var task = store.task(unit.taskId()).orElseThrow();
            TaskSpec spec = new TaskSpec(task.jobId(), unit.taskId(), unit.role(), unit.roleIndex(), "", Map.of());
            launcher.recover(spec, unit.pid() == null ? null
                    : new LaunchedTask(unit.pid(), unit.processStartedAt(), unit.host()));
        }
    }
}
