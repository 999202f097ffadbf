package io.hutong.interconn.internal;

import io.hutong.interconn.BfiaJobEnded;
import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobState;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.JobTransitions.Cell;
import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.Message;
import io.hutong.interconn.internal.Messages.Start;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.PeerDialect;
import io.hutong.runtime.UnitHandle;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BFIA job as this node knows it, with its tasks and their units (one party-role's share of a
 * task): the one place where its state changes. On the scheduler it is the job's truth, with every
 * party's approval and every unit; on a party, that party's view and its own units. A node that
 * schedules a job it takes part in holds both in one object, and a message it sends itself is
 * applied at once to the same object.
 *
 * <p>Every move names who makes it: the verified caller of an east-west call, or this node. It is
 * checked against the job's scheduler and parties ({@link JobEvent.Mover}) and then against
 * {@link JobTransitions}; a move that is not allowed throws and changes nothing. A move that is
 * allowed changes the object in memory and records what must follow ({@link Effects}): rows to
 * save, messages to send, units to launch or stop, events to publish. The object touches no
 * database, network or process.
 */
final class BfiaJob {

    private static final Logger log = LoggerFactory.getLogger(BfiaJob.class);

    /** This node's decision on a job, or a party's as the scheduler records it. */
    enum Approval { PENDING, READY, REJECTED }

    /** What a job needs from its node to decide: who it is, the time, its policy, how its peers speak. */
    record Context(String local, Instant now, Policy policy, Duration pollInterval,
            Function<String, PeerDialect> dialects) {

        /** How a node speaks; this node speaks Hutong's form. */
        PeerDialect dialect(String node) {
            return node.equals(local) ? PeerDialect.HUTONG : dialects.apply(node);
        }
    }

    /** This node's approval policy and admission check, as they apply to one job. */
    interface Policy {

        /**
         * @param resourceTokens the create call's {@code x-mprac-token-set}, null when absent
         * @return READY or REJECTED with its reason, or null when a person decides
         */
        Decision decide(BfiaJob job, String resourceTokens);
    }

    record Decision(Approval approval, String reason) {
    }

    /** A task as this node knows it. */
    static final class Task {
        final String taskId;
        final String name;
        TaskStatus status;
        Instant startedAt;
        final List<Unit> units = new ArrayList<>();
        boolean isNew;
        boolean dirty;

        Task(String taskId, String name, TaskStatus status, Instant startedAt) {
            this.taskId = taskId;
            this.name = name;
            this.status = status;
            this.startedAt = startedAt;
        }

        void set(TaskStatus status) {
            if (this.status != status) {
                this.status = status;
                dirty = true;
            }
        }
    }

    /** A unit: one party-role's share of a task. */
    static final class Unit {
        final String role;
        final int index;
        final String node;
        TaskStatus status;
        String tokenHash;
        Instant nextPollAt;
        final UnitHandle handle;
        boolean isNew;
        boolean dirty;

        Unit(String role, int index, String node, TaskStatus status, String tokenHash, Instant nextPollAt,
                UnitHandle handle) {
            this.role = role;
            this.index = index;
            this.node = node;
            this.status = status;
            this.tokenHash = tokenHash;
            this.nextPollAt = nextPollAt;
            this.handle = handle;
        }

        String label() {
            return role + "." + index;
        }

        void set(TaskStatus status) {
            if (this.status != status) {
                this.status = status;
                nextPollAt = null;
                dirty = true;
            }
        }
    }

    /** A party's approval, as the scheduler records it. */
    static final class Party {
        final String node;
        Approval approval;
        String reason;
        boolean dirty;

        Party(String node, Approval approval, String reason) {
            this.node = node;
            this.approval = approval;
            this.reason = reason;
        }
    }

    /** What must follow a move, once it is saved. */
    static final class Effects {
        final List<Outgoing> messages = new ArrayList<>();
        final List<Launch> launches = new ArrayList<>();
        final List<UnitHandle> stops = new ArrayList<>();
        final List<BfiaJobEnded> ended = new ArrayList<>();
        /** This node's units whose end they reported themselves (their callback, their exit): the exit decides no more. */
        final List<Map.Entry<Task, Unit>> reported = new ArrayList<>();
    }

    /** A message to another node. */
    record Outgoing(String node, Message message) {
    }

    /** A unit of this node to launch once the move has committed, with its task token. */
    record Launch(Task task, Unit unit, String token, Map<String, String> upstreamTasks) {
    }

    private final Context context;
    final String jobId;
    final String flowId;
    final String initiator;
    final String scheduler;
    final boolean poll;
    final Instant createdAt;
    final Duration taskTimeout;
    final JobPlan plan;
    JobStatus status;
    JobResult result;
    String reason;
    boolean stopRequested;
    Approval approval;
    String approvalReason;
    /** The create call's x-mprac-token-set at a party, kept for the person who decides; null when absent. */
    String resourceTokens;
    final Map<String, Party> parties = new LinkedHashMap<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    boolean isNew;
    boolean dirty;
    final Effects effects = new Effects();

    /** A job as loaded: the store fills its parties and tasks. */
    BfiaJob(Context context, String jobId, String flowId, String initiator, String scheduler, boolean poll,
            Instant createdAt, Duration taskTimeout, JobPlan plan, JobStatus status, JobResult result, String reason,
            boolean stopRequested, Approval approval, String approvalReason) {
        this.context = context;
        this.jobId = jobId;
        this.flowId = flowId;
        this.initiator = initiator;
        this.scheduler = scheduler;
        this.poll = poll;
        this.createdAt = createdAt;
        this.taskTimeout = taskTimeout;
        this.plan = plan;
        this.status = status;
        this.result = result;
        this.reason = reason;
        this.stopRequested = stopRequested;
        this.approval = approval;
        this.approvalReason = approvalReason;
    }

    // ---- creation -------------------------------------------------------------------------------

    /**
     * §3.1 at the scheduler: {@code caller} asks this node to schedule a new job. It must be the
     * job's initiator, and this node the scheduler the job names. Plans every task and creates the
     * job at every party, this node included.
     */
    static BfiaJob schedule(Context context, String caller, String jobId, String flowId, JobPlan plan) {
        String initiator = plan.config().initiator().node_id();
        if (!caller.equals(initiator)) {
            throw forbidden(caller + " is not the initiator of " + jobId + ": its config names " + initiator);
        }
        String scheduler = plan.schedulerNode();
        if (!context.local().equals(scheduler)) {
            throw refused("this node is not the scheduler of " + jobId + ": its config names " + scheduler);
        }
        BfiaJob job = new BfiaJob(context, jobId, flowId, initiator, scheduler, plan.config().syncType().equals("poll"),
                context.now(), plan.taskTimeout(), plan, JobStatus.PENDING, null, null, false, Approval.PENDING, null);
        job.isNew = true;
        // a party whose dialect has no approval (Kuscia, FATE-Flow) approves by taking the job
        plan.nodes().forEach(node -> job.parties.put(node, context.dialect(node).approves()
                ? new Party(node, Approval.PENDING, null) : new Party(node, Approval.READY, "takes no part in approval")));
        Map<String, String> taskIds = new LinkedHashMap<>();
        for (JobPlan.Task planned : plan.tasks()) {
            Task task = job.addTask(Ids.task(), planned.name(), TaskStatus.PENDING, null);
            planned.units().forEach(u -> job.addUnit(task, u.role(), u.roleIndex(), u.nodeId()));
            taskIds.put(planned.name(), task.taskId);
        }
        log.info("Job {} created: {} tasks, parties {}", jobId, plan.tasks().size(), plan.nodes());
        for (String node : plan.nodes()) {
            if (!node.equals(context.local())) {
                job.send(node, new Create(jobId, flowId, plan.dagJson(), plan.configJson(), taskIds));
            }
        }
        // this node is a party too, with the scheduler's own tasks and units
        if (plan.nodes().contains(context.local())) {
            job.admit(null);
        }
        return job;
    }

    /**
     * §3.2 at a party: {@code caller} creates the job here. It must be the scheduler the job names.
     * Approved or rejected at once when this node's policy decides, else it waits for a person.
     */
    static BfiaJob created(Context context, String caller, Create message, JobPlan plan, String resourceTokens) {
        String scheduler = plan.schedulerNode();
        if (!caller.equals(scheduler)) {
            throw forbidden(caller + " is not the scheduler of " + message.job_id() + ": its config names " + scheduler);
        }
        if (!plan.nodes().contains(context.local())) {
            throw refused("this node takes no part in " + message.job_id());
        }
        BfiaJob job = new BfiaJob(context, message.job_id(), message.flow_id(), plan.config().initiator().node_id(),
                scheduler, plan.config().syncType().equals("poll"), context.now(), plan.taskTimeout(), plan,
                JobStatus.PENDING, null, null, false, Approval.PENDING, null);
        job.isNew = true;
        job.resourceTokens = resourceTokens;
        job.knowTaskIds(message.task_ids());
        job.admit(resourceTokens);
        return job;
    }

    /**
     * §3.2 at a party, for a job this node cannot plan (its DAG or config is invalid here, or names
     * components not registered here): kept as rejected, and the scheduler hears why.
     */
    static BfiaJob unplannable(Context context, String caller, Create message, String initiator, String why) {
        BfiaJob job = new BfiaJob(context, message.job_id(), message.flow_id(), initiator, caller, false, context.now(),
                null, JobPlan.UNPLANNED, JobStatus.PENDING, null, null, false, Approval.PENDING, null);
        job.isNew = true;
        job.decide(context.local(), Approval.REJECTED, "invalid here: " + why);
        return job;
    }

    /** The scheduler's task ids (Hutong's extension of job/create): this node's units are known from the start. */
    private void knowTaskIds(Map<String, String> taskIds) {
        if (taskIds == null) {
            return;
        }
        taskIds.forEach((name, taskId) -> {
            JobPlan.Task planned = plan.find(name).orElseThrow(() -> ApiException.invalid("task_ids." + name,
                    "component(no component of the job is named " + name + ")"));
            Ids.requireTaskId("task_ids." + name, taskId);
            Task task = addTask(taskId, name, TaskStatus.PENDING, null);
            planned.unitsOf(context.local()).forEach(u -> addUnit(task, u.role(), u.roleIndex(), u.nodeId()));
        });
    }

    /** The party's first decision: the admission check and the approval policy. */
    private void admit(String resourceTokens) {
        Decision decision = context.policy().decide(this, resourceTokens);
        if (decision != null) {
            decide(context.local(), decision.approval(), decision.reason());
        } else {
            log.info("Job {} of {} waits for this node's approval", jobId, initiator);
        }
    }

    // ---- the moves ------------------------------------------------------------------------------

    /** An east-west message of this job from {@code caller}. */
    void receive(String caller, Message message) {
        if (message instanceof Create) {
            create(caller);
        } else if (message instanceof Messages.CreateAll) {
            createAllAgain(caller);
        } else if (message instanceof Start) {
            start(caller);
        } else if (message instanceof TaskStart m) {
            taskStart(caller, m);
        } else if (message instanceof StopAll m) {
            stopAll(caller, m.task_name(), "stopped by " + caller
                    + (m.reason() == null || m.reason().isBlank() ? "" : ": " + m.reason().strip()));
        } else if (message instanceof Stop m) {
            stop(caller, m);
        } else if (message instanceof Messages.TaskStop m) {
            taskStopped(caller, m.task_id());
        } else if (message instanceof AuditConfirm m) {
            auditConfirm(caller, m.status(), m.reason());
        } else if (message instanceof TaskCallback m) {
            Messages.RoleRef role = Messages.RoleRef.parse(m.role(), m.role_index());
            unitReport(caller, m.task_id(), role.role(), role.index(), EastWestHandler.status(m.status()));
        }
    }

    /** §3.1 again: a repeat of the create_all that made the job here. */
    void createAllAgain(String caller) {
        may(JobEvent.CREATE_ALL, caller);
    }

    /** §3.2 again: a repeat of the create that made the job here. */
    void create(String caller) {
        may(JobEvent.CREATE, caller);
    }

    /** This node's decision (its policy, or a person); it travels to the scheduler as audit_confirm. */
    void decide(String caller, Approval decision, String why) {
        if (decision == Approval.PENDING) {
            throw ApiException.invalid("status", "oneOf(READY,REJECTED)");
        }
        if (!may(JobEvent.DECIDE, caller)) {
            return;
        }
        if (approval != Approval.PENDING) {
            throw refused(jobId + " was already " + approval + " here");
        }
        approval = decision;
        approvalReason = why;
        dirty = true;
        if (decision == Approval.REJECTED && !schedules()) {
            // a scheduler without approval may have started tasks here: their units fail, as its polls will hear
            stopLocalUnits(plan.taskNames());
            end(JobStatus.REJECTED, JobResult.REJECTED, "rejected here: " + why);
        }
        if (decision == Approval.READY && status == JobStatus.RUNNING) {
            tasks.values().stream().filter(t -> t.status == TaskStatus.RUNNING)
                    .forEach(t -> launchWaiting(t, plan.find(t.name).orElseThrow(), null));
        }
        send(scheduler, new AuditConfirm(jobId, decision.name(), why));
    }

    /** §3.10 at the scheduler: a party's decision about itself. Any rejection rejects the job; all approvals start it. */
    void auditConfirm(String caller, String decision, String why) {
        Party party = scheduledParty(caller);
        Approval approval = decision(decision);
        if (!may(JobEvent.AUDIT_CONFIRM, caller) || party.approval != Approval.PENDING) {
            return;
        }
        party.approval = approval;
        party.reason = why;
        party.dirty = true;
        if (approval == Approval.REJECTED) {
            end(JobStatus.REJECTED, JobResult.REJECTED, "rejected by " + caller
                    + (why == null || why.isBlank() ? "" : ": " + why));
        } else if (parties.values().stream().allMatch(p -> p.approval == Approval.READY)) {
            run();
        }
    }

    /** §3.3 at a party: the scheduler starts the job; this node must have approved it. */
    void start(String caller) {
        if (!may(JobEvent.START, caller)) {
            return;
        }
        if (context.dialect(scheduler).approves()) {
            requireApproved();
        }
        if (!schedules()) {
            setStatus(JobStatus.RUNNING);
        }
    }

    /** §3.4 at a party: launches this node's units of the task, each once. */
    void taskStart(String caller, TaskStart message) {
        if (!may(JobEvent.TASK_START, caller)) {
            return;
        }
        // a scheduler without approval starts the job at once: this node's own decision still gates its units
        if (context.dialect(scheduler).approves()) {
            requireApproved();
        }
        JobPlan.Task planned = plan.find(message.task_name()).orElseThrow(() -> ApiException.invalid("task_name",
                "component(no component of the job is named " + message.task_name() + ")"));
        Ids.requireTaskId("task_id", message.task_id());
        Task task = tasks.get(planned.name());
        if (task != null && !task.taskId.equals(message.task_id())) {
            throw refused("task " + planned.name() + " of " + jobId + " is " + task.taskId + ", not "
                    + message.task_id());
        }
        for (String up : planned.upstream()) {
            Task upstream = tasks.get(up);
            if (!plan.find(up).orElseThrow().unitsOf(context.local()).isEmpty()
                    && (upstream == null || upstream.status != TaskStatus.SUCCESS)) {
                throw refused("task " + up + ", upstream of " + planned.name() + ", has not succeeded here");
            }
        }
        if (status != JobStatus.RUNNING) {
            setStatus(JobStatus.RUNNING);
        }
        if (task == null) {
            task = addTask(message.task_id(), planned.name(), TaskStatus.RUNNING, context.now());
        } else if (task.status == TaskStatus.PENDING || task.status == TaskStatus.READY) {
            task.set(TaskStatus.RUNNING);
            task.startedAt = context.now();
        }
        for (JobPlan.Unit mine : planned.unitsOf(context.local())) {
            if ((message.roles() == null || message.roles().contains(mine.label())) && unit(task, mine.role(),
                    mine.roleIndex()) == null) {
                addUnit(task, mine.role(), mine.roleIndex(), mine.nodeId());
            }
        }
        launchWaiting(task, planned, message.upstream_tasks());
    }

    /**
     * Launches this node's units of a running task that are not launched yet, once this node
     * approved the job; each unit is launched once.
     *
     * @param givenUpstream the upstream task ids the scheduler named, null when it named none: then
     *     those of the tasks this node took part in
     */
    private void launchWaiting(Task task, JobPlan.Task planned, Map<String, String> givenUpstream) {
        if (approval != Approval.READY) {
            return;
        }
        Map<String, String> upstreamTasks = new LinkedHashMap<>();
        for (String up : planned.upstream()) {
            String given = givenUpstream == null ? null : givenUpstream.get(up);
            upstreamTasks.put(up, given != null ? given : tasks.containsKey(up) ? tasks.get(up).taskId : null);
        }
        for (Unit unit : task.units) {
            if (unit.node.equals(context.local()) && unit.tokenHash == null && !unit.status.terminal()) {
                String token = Ids.token();
                unit.tokenHash = Ids.sha256(token);
                // on the scheduler the unit is RUNNING already: the claim itself is the change
                unit.dirty = true;
                unit.set(TaskStatus.RUNNING);
                effects.launches.add(new Launch(task, unit, token, upstreamTasks));
            }
        }
    }

    /**
     * §3.9 callback or §3.8 poll answer at the scheduler: a unit's state, reported by its node.
     *
     * @param roleIndex null when the reporter gave only the role: its one unit of that role
     */
    void unitReport(String caller, String taskId, String role, Integer roleIndex, TaskStatus reported) {
        requireScheduler();
        Task task = taskById(taskId);
        Unit unit = reportedUnit(task, caller, role, roleIndex);
        if (!may(JobEvent.UNIT_REPORT, caller) || !reported.terminal() || unit.status.terminal()) {
            return;
        }
        unit.set(reported);
        if (reported == TaskStatus.FAILED) {
            task.set(TaskStatus.FAILED);
            log.info("Job {}: task {} failed at {} ({}); stopping the job", jobId, task.name, caller, unit.label());
            stopTasks(null, JobResult.FAILED, "task " + task.name + " failed at " + caller + " as " + unit.label());
            return;
        }
        if (task.units.stream().allMatch(u -> u.status == TaskStatus.SUCCESS)) {
            task.set(TaskStatus.SUCCESS);
            progress();
        }
    }

    /** One of this node's units ended; the scheduler hears it (in poll mode, when it asks). */
    void unitEnded(String taskId, String role, int roleIndex, TaskStatus ended) {
        Task task = taskById(taskId);
        Unit unit = unit(task, role, roleIndex);
        if (unit == null || !unit.node.equals(context.local())) {
            throw ApiException.invalid("role", "party(" + role + "." + roleIndex + " takes no part in task " + taskId
                    + " here)");
        }
        if (!may(JobEvent.UNIT_ENDED, context.local()) || unit.status.terminal() || !ended.terminal()) {
            return;
        }
        effects.reported.add(Map.entry(task, unit));
        if (schedules()) {
            unitReport(context.local(), taskId, role, roleIndex, ended);
            return;
        }
        unit.set(ended);
        List<TaskStatus> mine = task.units.stream().filter(u -> u.node.equals(context.local())).map(u -> u.status)
                .toList();
        if (mine.contains(TaskStatus.FAILED)) {
            task.set(TaskStatus.FAILED);
        } else if (mine.stream().allMatch(s -> s == TaskStatus.SUCCESS)) {
            task.set(TaskStatus.SUCCESS);
        }
        if (!poll && context.dialect(scheduler).serves("task/callback")) {
            send(scheduler, new TaskCallback(taskId, ended.name(), role, roleIndex, jobId));
        }
    }

    /** §3.5 at the scheduler: a party stops the job, or a task and everything downstream of it. */
    void stopAll(String caller, String taskName, String why) {
        requireScheduler();
        String task = taskName == null || taskName.isBlank() ? null : taskName.strip();
        if (task != null && plan.find(task).isEmpty()) {
            throw ApiException.invalid("task_name", "component(no component of the job is named " + task + ")");
        }
        if (!may(JobEvent.STOP_ALL, caller)) {
            return;
        }
        if (status == JobStatus.RUNNING) {
            stopRequested = true;
            dirty = true;
            stopTasks(task, JobResult.STOPPED, why);
        } else {
            end(JobStatus.FINISHED, JobResult.STOPPED, why);
        }
    }

    /** §3.6 at a party: the scheduler stopped tasks here, or ended the job. */
    void stop(String caller, Stop message) {
        JobStatus ending = message.job_status() == null ? null : switch (message.job_status()) {
            case "FINISHED" -> JobStatus.FINISHED;
            case "REJECTED" -> JobStatus.REJECTED;
            default -> throw ApiException.invalid("job_status", "oneOf(FINISHED,REJECTED)");
        };
        JobResult ended = message.result() == null ? null : result(message.result());
        String task = message.task_name() == null || message.task_name().isBlank() ? null : message.task_name();
        if (task != null && plan.find(task).isEmpty()) {
            throw ApiException.invalid("task_name", "component(no component of the job is named " + task + ")");
        }
        if (!may(JobEvent.STOP, caller) || schedules()) {
            return;
        }
        PeerDialect speaks = context.dialect(scheduler);
        // FATE-Flow stops the named task alone, and sends the same stop after every task that ended
        Set<String> names = task == null ? plan.taskNames() : speaks == PeerDialect.FATE_FLOW ? Set.of(task)
                : plan.taskAndDownstream(task);
        if (task == null && ended == null && !speaks.announcesOutcome()) {
            // its job/stop at a job's end carries no outcome: this node's tasks tell it
            ended = endedAsTasksHere();
        }
        stopLocalUnits(names);
        if (task == null) {
            JobStatus final_ = ending != null ? ending : JobStatus.FINISHED;
            end(final_, ended != null ? ended : final_ == JobStatus.REJECTED ? JobResult.REJECTED : JobResult.STOPPED,
                    message.reason());
        }
    }

    /** Kuscia's task/stop at a party: that task only. */
    void taskStopped(String caller, String taskId) {
        Task task = taskById(taskId);
        if (!may(JobEvent.TASK_STOP, caller) || schedules()) {
            return;
        }
        stopLocalUnits(Set.of(task.name));
    }

    /**
     * What a scheduler that announces no outcome (Kuscia) says of the job's tasks, by task id: once it
     * knows every task of the job and each has ended, the job has ended here too.
     */
    void schedulerReported(Map<String, TaskStatus> byTaskId) {
        if (!may(JobEvent.SCHEDULER_STATUS, context.local()) || schedules()
                || byTaskId.size() < plan.tasks().size() || !byTaskId.values().stream().allMatch(TaskStatus::terminal)) {
            return;
        }
        boolean succeeded = byTaskId.values().stream().allMatch(s -> s == TaskStatus.SUCCESS);
        stopLocalUnits(plan.taskNames());
        end(JobStatus.FINISHED, succeeded ? JobResult.SUCCESS : JobResult.FAILED, succeeded ? null
                : "tasks failed at " + scheduler + "'s parties");
    }

    /** How the job ended as this node's tasks of it tell: any failed, every one succeeded, or stopped. */
    private JobResult endedAsTasksHere() {
        if (tasks.values().stream().anyMatch(t -> t.status == TaskStatus.FAILED)) {
            return JobResult.FAILED;
        }
        boolean all = plan.tasks().stream().filter(t -> !t.unitsOf(context.local()).isEmpty())
                .allMatch(t -> tasks.containsKey(t.name()) && tasks.get(t.name()).status == TaskStatus.SUCCESS);
        return all ? JobResult.SUCCESS : JobResult.STOPPED;
    }

    /**
     * A person of this node asks to stop the job, or a task and its downstream: the scheduler is
     * asked (§5.2 and §5.7), which is this node when it schedules the job.
     */
    void askToStop(String taskName) {
        if (taskName != null && plan.find(taskName).isEmpty()) {
            throw ApiException.invalid("task_name", "component(no component of the job is named " + taskName + ")");
        }
        if (context.dialect(scheduler).serves("job/stop_all")) {
            send(scheduler, new StopAll(jobId, taskName, null));
        } else if (!status.ended()) {
            // a scheduler that takes no stop_all (Kuscia) hears of it as this node's units failing when it polls
            stopLocalUnits(taskName == null ? plan.taskNames() : plan.taskAndDownstream(taskName));
        }
    }

    /**
     * The outbox gave up a message of this job: the peer kept refusing it. The scheduler cannot go
     * on without it and fails the job; a party cannot end a job it does not schedule, so it asks its
     * scheduler to stop it (§3.5 lets any party), unless what was given up was that very request.
     */
    void messageGivenUp(String target, String path, int refusals, String error) {
        if (!may(JobEvent.MESSAGE_GIVEN_UP, context.local())) {
            return;
        }
        if (schedules()) {
            String why = "message given up after " + refusals + " refusals: " + error;
            if (status == JobStatus.RUNNING) {
                stopTasks(null, JobResult.FAILED, why);
            } else {
                end(JobStatus.FINISHED, JobResult.FAILED, why);
            }
        } else if (target.equals(scheduler) && !path.equals(StopAll.PATH)) {
            log.warn("Job {}: asking {} to stop it, as it refused {} {} times", jobId, target, path, refusals);
            send(scheduler, new StopAll(jobId, null, context.local() + " gave up "
                    + path.substring(Messages.PREFIX.length()) + " after " + refusals + " refusals: " + error));
        }
    }

    /**
     * The job waited longer than {@code timeout} for approvals. The scheduler rejects it, naming
     * the parties it waited for; a party that has not decided rejects it for itself.
     */
    void approvalTimedOut(Duration timeout) {
        if (!may(JobEvent.APPROVAL_TIMEOUT, context.local())) {
            return;
        }
        String within = "within " + timeout;
        if (schedules()) {
            if (approval == Approval.PENDING) {
                approval = Approval.REJECTED;
                approvalReason = "no decision here " + within;
                dirty = true;
            }
            String waited = parties.values().stream().filter(p -> p.approval == Approval.PENDING).map(p -> p.node)
                    .collect(Collectors.joining(", "));
            end(JobStatus.REJECTED, JobResult.REJECTED, "not approved by " + waited + " " + within);
        } else if (approval == Approval.PENDING) {
            decide(context.local(), Approval.REJECTED, "no decision here " + within);
        }
    }

    /**
     * A task ran longer than {@code timeout}. The scheduler fails it and the job; a party fails its
     * own units of it, which the scheduler then hears of.
     */
    void taskTimedOut(String taskId, Duration timeout) {
        Task task = taskById(taskId);
        if (!may(JobEvent.TASK_TIMEOUT, context.local()) || task.status.terminal()) {
            return;
        }
        String why = "task " + task.name + " did not end within " + timeout;
        if (schedules()) {
            task.set(TaskStatus.FAILED);
            stopTasks(null, JobResult.FAILED, why);
            return;
        }
        log.info("Job {}: {}; failing this node's units of it", jobId, why);
        for (Unit unit : List.copyOf(task.units)) {
            if (unit.node.equals(context.local()) && !unit.status.terminal()) {
                if (unit.handle != null) {
                    effects.stops.add(unit.handle);
                }
                unitEnded(taskId, unit.role, unit.index, TaskStatus.FAILED);
            }
        }
    }

    // ---- what parties may ask -------------------------------------------------------------------

    /** §3.7: answered to the job's parties only. */
    JobState statusFor(String caller) {
        if (!caller.equals(context.local()) && !caller.equals(scheduler) && !isParty(caller)) {
            throw forbidden(caller + " is not a party of " + jobId);
        }
        return state();
    }

    /** §3.8: the state of this node's unit(s) of a role in a task, asked by the scheduler. */
    TaskStatus pollFor(String caller, String taskId, String role, Integer roleIndex) {
        if (!caller.equals(scheduler)) {
            throw forbidden(caller + " is not the scheduler of " + jobId);
        }
        Task task = tasks.values().stream().filter(t -> t.taskId.equals(taskId)).findFirst().orElse(null);
        List<Unit> units = task == null ? List.of() : task.units.stream()
                .filter(u -> u.node.equals(context.local()) && (role == null || role.isEmpty() || u.role.equals(role))
                        && (roleIndex == null || u.index == roleIndex)).toList();
        if (units.isEmpty()) {
            return TaskStatus.PENDING;
        }
        if (units.stream().anyMatch(u -> u.status == TaskStatus.FAILED)) {
            return TaskStatus.FAILED;
        }
        return units.stream().allMatch(u -> u.status == TaskStatus.SUCCESS) ? TaskStatus.SUCCESS : TaskStatus.RUNNING;
    }

    /** This node's own record of the job (the truth on its scheduler). */
    JobState state() {
        Map<String, String> byId = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        tasks.values().stream().sorted(java.util.Comparator.comparing(t -> t.name)).forEach(task -> {
            byId.put(task.taskId, task.status.name());
            ids.put(task.name, task.taskId);
        });
        return new JobState(status.name(), byId, result == null ? null : result.name(), reason, ids);
    }

    String localNode() {
        return context.local();
    }

    boolean schedules() {
        return scheduler.equals(context.local());
    }

    boolean isParty(String node) {
        return plan.nodes().contains(node);
    }

    /** This node's units that still run, with their tasks. */
    List<Map.Entry<Task, Unit>> localUnits() {
        List<Map.Entry<Task, Unit>> mine = new ArrayList<>();
        tasks.values().forEach(task -> task.units.stream().filter(u -> u.node.equals(context.local()))
                .forEach(u -> mine.add(Map.entry(task, u))));
        return mine;
    }

    // ---- the scheduler's work -------------------------------------------------------------------

    /** Every party approved: READY and RUNNING at once, then the first tasks. */
    private void run() {
        setStatus(JobStatus.RUNNING);
        log.info("Job {} approved by every party; running", jobId);
        plan.nodes().forEach(node -> send(node, new Start(jobId)));
        startReadyTasks();
    }

    /** Fails the stopped tasks and tells their parties; a whole-job stop ends the job. */
    private void stopTasks(String taskName, JobResult ending, String why) {
        Set<String> names = taskName == null ? plan.taskNames() : plan.taskAndDownstream(taskName);
        for (Task task : tasks.values()) {
            boolean running = task.status == TaskStatus.RUNNING || task.status == TaskStatus.READY;
            if (!names.contains(task.name) || !(running || taskName != null && task.status == TaskStatus.PENDING)) {
                continue;
            }
            task.set(TaskStatus.FAILED);
            task.units.stream().filter(u -> !u.status.terminal()).forEach(u -> u.set(TaskStatus.FAILED));
        }
        if (taskName == null) {
            end(JobStatus.FINISHED, ending, why);
            return;
        }
        stopLocalUnits(names);
        plan.tasks().stream().filter(t -> names.contains(t.name())).flatMap(t -> t.nodes().stream()).distinct()
                .filter(node -> !node.equals(context.local())).forEach(node -> stopTasksAt(node, taskName, names, why));
        progress();
    }

    /**
     * Tells a party its tasks stopped, in its dialect: a Hutong party stops the task and its downstream
     * itself; FATE-Flow's job/stop with a task name stops that task only, and Kuscia's job/stop the whole
     * job, whose tasks it stops one by one with task/stop.
     */
    private void stopTasksAt(String node, String taskName, Set<String> names, String why) {
        List<JobPlan.Task> theirs = plan.tasks().stream().filter(t -> names.contains(t.name())
                && t.nodes().contains(node)).toList();
        switch (context.dialect(node)) {
            case HUTONG -> send(node, new Stop(jobId, taskName, null, null, why));
            case FATE_FLOW -> theirs.forEach(t -> send(node, new Stop(jobId, t.name(), null, null, why)));
            case KUSCIA -> theirs.stream().filter(t -> tasks.containsKey(t.name()))
                    .forEach(t -> send(node, new Messages.TaskStop(tasks.get(t.name()).taskId, jobId)));
        }
    }

    /** After a task succeeded or was stopped: start what can start, or end the job when nothing can. */
    private void progress() {
        if (tasks.values().stream().allMatch(t -> t.status == TaskStatus.SUCCESS)) {
            end(JobStatus.FINISHED, JobResult.SUCCESS, null);
            return;
        }
        if (startReadyTasks() == 0 && tasks.values().stream().noneMatch(t -> t.status == TaskStatus.RUNNING)) {
            end(JobStatus.FINISHED, stopRequested ? JobResult.STOPPED : JobResult.FAILED,
                    stopRequested ? "stopped" : "tasks failed");
        }
    }

    /** Starts every pending task whose upstream tasks all succeeded; returns how many. */
    private int startReadyTasks() {
        int started = 0;
        for (JobPlan.Task planned : plan.tasks()) {
            Task task = tasks.get(planned.name());
            if (task.status != TaskStatus.PENDING
                    || !planned.upstream().stream().allMatch(up -> tasks.get(up).status == TaskStatus.SUCCESS)) {
                continue;
            }
            task.set(TaskStatus.RUNNING);
            task.startedAt = context.now();
            started++;
            Map<String, String> upstream = new LinkedHashMap<>();
            planned.upstream().forEach(up -> upstream.put(up, tasks.get(up).taskId));
            for (Unit unit : task.units) {
                unit.set(TaskStatus.RUNNING);
                if ((poll || !context.dialect(unit.node).callsBack()) && !unit.node.equals(context.local())) {
                    unit.nextPollAt = context.now().plus(context.pollInterval());
                }
            }
            for (String node : planned.nodes()) {
                List<String> roles = planned.unitsOf(node).stream().map(JobPlan.Unit::label).toList();
                send(node, new TaskStart(task.taskId, jobId, planned.name(), roles, upstream));
            }
        }
        return started;
    }

    /** The job ends here; on the scheduler every party hears it, and this node's units are stopped. */
    private void end(JobStatus ending, JobResult how, String why) {
        status = ending;
        result = how;
        if (why != null) {
            reason = why;
        }
        dirty = true;
        effects.ended.add(new BfiaJobEnded(jobId, ending, how, reason));
        log.info("Job {} {} ({}){}", jobId, ending, how, why == null ? "" : ": " + why);
        if (schedules()) {
            stopLocalUnits(plan.taskNames());
            plan.nodes().stream().filter(node -> !node.equals(context.local()))
                    .forEach(node -> send(node, new Stop(jobId, null, ending.name(), how.name(), why)));
        }
    }

    /**
     * This node's units of the named tasks are stopped where they run; on a party they also fail where
     * they have not ended (on the scheduler the job's own moves set every unit's state).
     */
    private void stopLocalUnits(Collection<String> names) {
        for (Task task : tasks.values()) {
            if (!names.contains(task.name)) {
                continue;
            }
            boolean any = false;
            for (Unit unit : task.units) {
                if (!unit.node.equals(context.local())) {
                    continue;
                }
                any = true;
                // a unit that reported success may still be finishing: only the others are stopped
                if (unit.handle != null && unit.status != TaskStatus.SUCCESS) {
                    effects.stops.add(unit.handle);
                }
                if (!unit.status.terminal()) {
                    unit.set(TaskStatus.FAILED);
                }
            }
            if (any && !schedules() && !task.status.terminal()) {
                task.set(TaskStatus.FAILED);
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Hands a message to a node: to another node through the outbox, to this node at once. */
    private void send(String node, Message message) {
        if (node.equals(context.local())) {
            receive(context.local(), message);
        } else {
            effects.messages.add(new Outgoing(node, message));
        }
    }

    /**
     * Checks who makes the move, then what the job's status says of it.
     *
     * @return whether to make it; false for a move that changes nothing (a repeat, a late message)
     */
    private boolean may(JobEvent event, String caller) {
        authorize(event, caller);
        Cell cell = JobTransitions.cell(event, status);
        switch (cell.outcome()) {
            case APPLY -> {
                return true;
            }
            case IGNORE -> {
                log.debug("Job {}: {} from {} ignored: {}", jobId, event, caller, cell.rule());
                return false;
            }
            default -> throw refused(event.name().toLowerCase(java.util.Locale.ROOT) + " refused: " + cell.rule()
                    + " (" + jobId + " is " + status + ")");
        }
    }

    private void authorize(JobEvent event, String caller) {
        switch (event.mover) {
            case SCHEDULER -> {
                if (!caller.equals(scheduler)) {
                    throw forbidden(caller + " is not the scheduler of " + jobId);
                }
            }
            case INITIATOR -> {
                if (!caller.equals(initiator)) {
                    throw forbidden(caller + " is not the initiator of " + jobId);
                }
            }
            case PARTY, PARTY_ITSELF -> {
                if (!isParty(caller)) {
                    throw forbidden(caller + " is not a party of " + jobId);
                }
            }
            case THIS_NODE -> {
                if (!caller.equals(context.local())) {
                    throw forbidden(caller + " may not make this move of " + jobId);
                }
            }
            // checked against the unit itself, see reportedUnit
            case UNIT_NODE -> { }
        }
    }

    private void requireScheduler() {
        if (!schedules()) {
            throw refused("this node is not the scheduler of " + jobId + "; " + scheduler + " is");
        }
    }

    private void requireApproved() {
        if (approval != Approval.READY) {
            throw refused(context.local() + " has not approved " + jobId + (approval == Approval.REJECTED
                    ? ": it rejected it" : " yet"));
        }
    }

    private Party scheduledParty(String caller) {
        requireScheduler();
        Party party = parties.get(caller);
        if (party == null) {
            throw forbidden(caller + " is not a party of " + jobId);
        }
        return party;
    }

    /** The unit a report is about, which must be the caller's. */
    private Unit reportedUnit(Task task, String caller, String role, Integer roleIndex) {
        List<Unit> candidates = task.units.stream().filter(u -> u.role.equals(role)
                && (roleIndex == null ? u.node.equals(caller) : u.index == roleIndex)).toList();
        if (candidates.size() != 1) {
            throw ApiException.invalid("role", "party(" + role + (roleIndex == null ? "" : "." + roleIndex)
                    + " of node " + caller + " takes no single part in task " + task.taskId + ")");
        }
        Unit unit = candidates.get(0);
        if (!unit.node.equals(caller)) {
            throw forbidden(caller + " does not play " + unit.label() + " in task " + task.taskId + " of " + jobId
                    + "; " + unit.node + " does");
        }
        return unit;
    }

    private Task taskById(String taskId) {
        return tasks.values().stream().filter(t -> t.taskId.equals(taskId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no task " + taskId));
    }

    private static Unit unit(Task task, String role, int index) {
        return task.units.stream().filter(u -> u.role.equals(role) && u.index == index).findFirst().orElse(null);
    }

    Task addTask(String taskId, String name, TaskStatus taskStatus, Instant startedAt) {
        Task task = new Task(taskId, name, taskStatus, startedAt);
        task.isNew = true;
        tasks.put(name, task);
        return task;
    }

    private Unit addUnit(Task task, String role, int index, String node) {
        Unit unit = new Unit(role, index, node, task.status == TaskStatus.RUNNING ? TaskStatus.RUNNING
                : TaskStatus.PENDING, null, null, null);
        unit.isNew = true;
        task.units.add(unit);
        return unit;
    }

    private void setStatus(JobStatus next) {
        status = next;
        dirty = true;
    }

    private static Approval decision(String text) {
        if (text == null || !(text.equals("READY") || text.equals("REJECTED"))) {
            throw ApiException.invalid("status", "oneOf(READY,REJECTED)");
        }
        return Approval.valueOf(text);
    }

    private static JobResult result(String text) {
        try {
            return JobResult.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("result", "oneOf(SUCCESS,FAILED,STOPPED,REJECTED)");
        }
    }

    static ApiException forbidden(String rule) {
        return new ApiException(ErrorKind.FORBIDDEN, rule);
    }

    static ApiException refused(String rule) {
        return ApiException.failure(rule);
    }
}
