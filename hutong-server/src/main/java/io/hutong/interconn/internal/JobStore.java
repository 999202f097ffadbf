package io.hutong.interconn.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.BfiaJob.Party;
import io.hutong.interconn.internal.BfiaJob.Task;
import io.hutong.interconn.internal.BfiaJob.Unit;
import io.hutong.runtime.UnitHandle;
import io.hutong.storage.Sql;
import io.hutong.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Jobs as {@link BfiaJob}s, in the bfia_job, bfia_job_party, bfia_task and bfia_task_unit tables.
 * A job is locked and read in two statements and its changes saved in one, whatever they are.
 * Besides, the bookkeeping that needs no job lock: a unit's handle and exit code, the next poll.
 */
@Repository
class JobStore {

    private static final String JOB_COLUMNS = "job_id, flow_id, initiator_node, scheduler_node, sync_type, status, "
            + "result, reason, stop_requested, approval, approval_reason, created_at, task_timeout_s";

    private static final String CHILDREN = """
            select 'task' as kind, task_id, task_name, status, started_at as at, null as role,
                null::int as role_index, null as node_id, null as token_hash, null as handle,
                null::timestamptz as process_started_at, null as reason
            from bfia_task where job_id = ?
            union all
            select 'unit', task_id, null, status, next_poll_at, role, role_index, node_id, token_hash, handle,
                process_started_at, null
            from bfia_task_unit where job_id = ?
            union all
            select 'party', null, null, approval, null, null, null, node_id, null, null, null, reason
            from bfia_job_party where job_id = ?""";

    /** Every change of a job in one statement: the arrays of the parts that did not change are empty. */
    private static final String SAVE = """
            with j as (
                update bfia_job set status = ?, result = ?, reason = ?, stop_requested = ?, approval = ?,
                    approval_reason = ?, updated_at = ?
                where job_id = ? and ? returning 1),
            nt as (
                insert into bfia_task (task_id, job_id, task_name, status, started_at, updated_at)
                select x.task_id, ?, x.name, x.status, x.started_at, ?
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as timestamptz[]))
                    as x(task_id, name, status, started_at)
                returning 1),
            ut as (
                update bfia_task t set status = x.status, started_at = x.started_at, updated_at = ?
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as timestamptz[])) as x(task_id, status, started_at)
                where t.task_id = x.task_id returning 1),
            nu as (
                insert into bfia_task_unit (task_id, job_id, role, role_index, node_id, status, token_hash,
                    next_poll_at, updated_at)
                select x.task_id, ?, x.role, x.role_index, x.node_id, x.status, x.token_hash, x.next_poll_at, ?
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as text[]), cast(? as text[]),
                    cast(? as text[]), cast(? as timestamptz[]))
                    as x(task_id, role, role_index, node_id, status, token_hash, next_poll_at)
                returning 1),
            uu as (
                update bfia_task_unit u set status = x.status, token_hash = x.token_hash, next_poll_at = x.next_poll_at,
                    updated_at = ?
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as text[]), cast(? as text[]),
                    cast(? as timestamptz[])) as x(task_id, role, role_index, status, token_hash, next_poll_at)
                where u.task_id = x.task_id and u.role = x.role and u.role_index = x.role_index returning 1),
            np as (
                insert into bfia_job_party (job_id, node_id, approval, reason)
                select ?, x.node_id, x.approval, x.reason
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[])) as x(node_id, approval, reason)
                returning 1),
            up as (
                update bfia_job_party p set approval = x.approval, reason = x.reason
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[])) as x(node_id, approval, reason)
                where p.job_id = ? and p.node_id = x.node_id returning 1)
            select (select count(*) from j) + (select count(*) from nt) + (select count(*) from ut)
                + (select count(*) from nu) + (select count(*) from uu) + (select count(*) from np)
                + (select count(*) from up)""";

    private static final String NOT_ENDED = "status in ('PENDING', 'READY', 'RUNNING')";

    private final JdbcClient jdbc;
    private final PlanCache plans;

    JobStore(JdbcClient jdbc, PlanCache plans) {
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /** The job's row, without its parts. */
    record JobRow(String jobId, String flowId, String initiatorNode, String schedulerNode, String syncType,
            JobStatus status, JobResult result, String reason, boolean stopRequested, Approval approval,
            String approvalReason, Instant createdAt, Duration taskTimeout) {
    }

    /** A unit of this node as the sweeps and the recovery see it. */
    record UnitRow(String jobId, String taskId, String role, int roleIndex, String nodeId, TaskStatus status,
            String tokenHash, UnitHandle handle) {

        String label() {
            return role + "." + roleIndex;
        }
    }

    /** Locks the job for a move and reads it: every change of a job and its tasks is serialised by its row. */
    Optional<BfiaJob> lock(String jobId, BfiaJob.Context context) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job where job_id = ? for update").param(jobId)
                .query(JobStore::row).optional().map(row -> load(row, context));
    }

    /** Locks the job of a task and reads it. */
    Optional<BfiaJob> lockByTask(String taskId, BfiaJob.Context context) {
        return jdbc.sql("select " + prefixed("j") + " from bfia_job j join bfia_task t on t.job_id = j.job_id "
                        + "where t.task_id = ? for update of j")
                .param(taskId).query(JobStore::row).optional().map(row -> load(row, context));
    }

    /** The job as it is, unlocked: for what only reads it. */
    Optional<BfiaJob> find(String jobId, BfiaJob.Context context) {
        return findRow(jobId).map(row -> load(row, context));
    }

    Optional<JobRow> findRow(String jobId) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job where job_id = ?").param(jobId)
                .query(JobStore::row).optional();
    }

    void recordCreator(String jobId, long userId) {
        jdbc.sql("insert into bfia_job_creator (job_id, user_id) values (?, ?)").params(jobId, userId).update();
    }

    /** The user of this node who created the job; empty for a job another node created. */
    Optional<Long> creatorOf(String jobId) {
        return jdbc.sql("select user_id from bfia_job_creator where job_id = ?").param(jobId).query(Long.class).optional();
    }

    Optional<String> jobOfTask(String taskId) {
        return jdbc.sql("select job_id from bfia_task where task_id = ?").param(taskId).query(String.class).optional();
    }

    /**
     * Reads the job's parts in a statement of its own, whose snapshot is taken once the lock is held:
     * joined to the locking statement they would be as they were before it waited for the lock.
     */
    private BfiaJob load(JobRow row, BfiaJob.Context context) {
        BfiaJob job = new BfiaJob(context, row.jobId(), row.flowId(), row.initiatorNode(), row.schedulerNode(),
                row.syncType().equals("poll"), row.createdAt(), row.taskTimeout(), plans.of(row.jobId()), row.status(),
                row.result(), row.reason(), row.stopRequested(), row.approval(), row.approvalReason());
        Map<String, Task> byId = new HashMap<>();
        List<Map.Entry<String, Unit>> units = new ArrayList<>();
        jdbc.sql(CHILDREN).params(row.jobId(), row.jobId(), row.jobId()).query(rs -> {
            switch (rs.getString("kind")) {
                case "task" -> {
                    Task task = new Task(rs.getString("task_id"), rs.getString("task_name"),
                            TaskStatus.valueOf(rs.getString("status")), instant(rs, "at"));
                    byId.put(task.taskId, task);
                }
                case "unit" -> {
                    String handle = rs.getString("handle");
                    units.add(Map.entry(rs.getString("task_id"), new Unit(rs.getString("role"), rs.getInt("role_index"),
                            rs.getString("node_id"), TaskStatus.valueOf(rs.getString("status")),
                            rs.getString("token_hash"), instant(rs, "at"),
                            handle == null ? null : UnitHandle.parse(handle, instant(rs, "process_started_at")))));
                }
                default -> {
                    String node = rs.getString("node_id");
                    job.parties.put(node, new Party(node, Approval.valueOf(rs.getString("status")),
                            rs.getString("reason")));
                }
            }
        });
        units.forEach(entry -> byId.get(entry.getKey()).units.add(entry.getValue()));
        byId.values().forEach(task -> task.units.sort(Comparator.comparing((Unit u) -> u.role).thenComparingInt(u -> u.index)));
        // in the plan's order, which is a dependency order
        job.plan.tasks().forEach(planned -> byId.values().stream().filter(t -> t.name.equals(planned.name())).findFirst()
                .ifPresent(task -> job.tasks.put(task.name, task)));
        // the parties in the plan's order too
        if (!job.parties.isEmpty()) {
            Map<String, Party> stored = new HashMap<>(job.parties);
            job.parties.clear();
            job.plan.nodes().forEach(node -> {
                if (stored.containsKey(node)) {
                    job.parties.put(node, stored.get(node));
                }
            });
        }
        return job;
    }

    /** A new job: its row, then its parts as {@link #save} writes them. */
    void insert(BfiaJob job, Instant now) {
        String config = job.plan.configJson() == null ? "{}" : job.plan.configJson().toString();
        String dag = job.plan.dagJson() == null ? "{}" : job.plan.dagJson().toString();
        try {
            jdbc.sql("""
                    insert into bfia_job (job_id, flow_id, dag, config, plan, initiator_node, scheduler_node, sync_type,
                        status, result, reason, approval, approval_reason, created_at, updated_at, task_timeout_s,
                        resource_tokens)
                    values (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(job.jobId, job.flowId, dag, config, plans.resolutionJson(job.plan), job.initiator,
                            job.scheduler, job.poll ? "poll" : "callback", job.status.name(),
                            job.result == null ? null : job.result.name(), job.reason, job.approval.name(),
                            job.approvalReason, ts(job.createdAt), ts(now),
                            job.taskTimeout == null ? null : job.taskTimeout.toSeconds(), job.resourceTokens)
                    .update();
        } catch (DataIntegrityViolationException e) {
            throw ApiException.failure("job " + job.jobId + " exists already");
        }
        plans.remember(job.jobId, job.plan);
        job.dirty = false;
        save(job, now);
    }

    /** Writes what the job's moves changed, in one statement. */
    void save(BfiaJob job, Instant now) {
        String at = now.toString();
        List<Task> newTasks = new ArrayList<>();
        List<Task> changedTasks = new ArrayList<>();
        List<Map.Entry<Task, Unit>> newUnits = new ArrayList<>();
        List<Map.Entry<Task, Unit>> changedUnits = new ArrayList<>();
        for (Task task : job.tasks.values()) {
            if (task.isNew) {
                newTasks.add(task);
            } else if (task.dirty) {
                changedTasks.add(task);
            }
            for (Unit unit : task.units) {
                if (unit.isNew) {
                    newUnits.add(Map.entry(task, unit));
                } else if (unit.dirty) {
                    changedUnits.add(Map.entry(task, unit));
                }
            }
        }
        // a job's parties are written with the job, and changed afterwards
        List<Party> newParties = job.isNew ? List.copyOf(job.parties.values()) : List.of();
        List<Party> changedParties = job.isNew ? List.of() : job.parties.values().stream().filter(p -> p.dirty).toList();
        if (!job.dirty && newTasks.isEmpty() && changedTasks.isEmpty() && newUnits.isEmpty() && changedUnits.isEmpty()
                && newParties.isEmpty() && changedParties.isEmpty()) {
            return;
        }
        try {
            jdbc.sql(SAVE).params(
                    job.status.name(), job.result == null ? null : job.result.name(), job.reason, job.stopRequested,
                    job.approval.name(), job.approvalReason, ts(now), job.jobId, job.dirty,
                    job.jobId, ts(now), texts(newTasks, t -> t.taskId), texts(newTasks, t -> t.name),
                    texts(newTasks, t -> t.status.name()), texts(newTasks, t -> text(t.startedAt)),
                    ts(now), texts(changedTasks, t -> t.taskId), texts(changedTasks, t -> t.status.name()),
                    texts(changedTasks, t -> text(t.startedAt)),
                    job.jobId, ts(now), texts(newUnits, u -> u.getKey().taskId), texts(newUnits, u -> u.getValue().role),
                    ints(newUnits), texts(newUnits, u -> u.getValue().node), texts(newUnits, u -> u.getValue().status.name()),
                    texts(newUnits, u -> u.getValue().tokenHash), texts(newUnits, u -> text(u.getValue().nextPollAt)),
                    ts(now), texts(changedUnits, u -> u.getKey().taskId), texts(changedUnits, u -> u.getValue().role),
                    ints(changedUnits), texts(changedUnits, u -> u.getValue().status.name()),
                    texts(changedUnits, u -> u.getValue().tokenHash),
                    texts(changedUnits, u -> text(u.getValue().nextPollAt)),
                    job.jobId, texts(newParties, p -> p.node), texts(newParties, p -> p.approval.name()),
                    texts(newParties, p -> p.reason),
                    texts(changedParties, p -> p.node), texts(changedParties, p -> p.approval.name()),
                    texts(changedParties, p -> p.reason), job.jobId)
                    .query(Long.class).single();
        } catch (DataIntegrityViolationException e) {
            // a peer's task id that another job of this node has, or a task this job has under another id
            throw ApiException.failure("a task id of job " + job.jobId + " is taken: "
                    + newTasks.stream().map(t -> t.taskId).toList());
        }
        job.isNew = false;
        job.dirty = false;
        job.tasks.values().forEach(task -> {
            task.isNew = false;
            task.dirty = false;
            task.units.forEach(unit -> {
                unit.isNew = false;
                unit.dirty = false;
            });
        });
        job.parties.values().forEach(party -> party.dirty = false);
    }

    private static <T> String[] texts(List<T> items, Function<T, String> value) {
        return items.stream().map(value).toArray(String[]::new);
    }

    private static Integer[] ints(List<Map.Entry<Task, Unit>> units) {
        return units.stream().map(u -> u.getValue().index).toArray(Integer[]::new);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** Jobs newest first, optionally of one flow and one status. */
    List<JobRow> jobs(String flowId, String status, int offset, int limit) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job where (cast(? as text) is null or flow_id = ?) "
                        + "and (cast(? as text) is null or status = ?) order by created_at desc, job_id limit ? offset ?")
                .params(flowId, flowId, status, status, limit, offset).query(JobStore::row).list();
    }

    long countJobs(String flowId, String status) {
        return jdbc.sql("select count(*) from bfia_job where (cast(? as text) is null or flow_id = ?) "
                        + "and (cast(? as text) is null or status = ?)")
                .params(flowId, flowId, status, status).query(Long.class).single();
    }

    /**
     * Jobs waiting for this node's decision, oldest first: those a scheduler without approval (Kuscia,
     * FATE-Flow) started already too, whose units here wait for it.
     */
    List<JobRow> awaitingApproval(int offset, int limit) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job where approval = 'PENDING' and " + NOT_ENDED
                + "order by created_at, job_id limit ? offset ?").params(limit, offset).query(JobStore::row).list();
    }

    long countAwaitingApproval() {
        return jdbc.sql("select count(*) from bfia_job where approval = 'PENDING' and " + NOT_ENDED)
                .query(Long.class).single();
    }

    /** Running jobs these nodes schedule. */
    List<String> runningScheduledBy(List<String> schedulers) {
        return jdbc.sql("select job_id from bfia_job where status = 'RUNNING' and scheduler_node = any(cast(? as text[])) "
                + "order by created_at limit 1000").param(schedulers.toArray(String[]::new)).query(String.class).list();
    }

    /** Jobs created before {@code before} that are still waiting for approvals. */
    List<String> pendingSince(Instant before, int limit) {
        return jdbc.sql("select job_id from bfia_job where status in ('PENDING', 'READY') and created_at < ? "
                + "order by created_at limit ?").params(ts(before), limit).query(String.class).list();
    }

    /** A running task, with its job's own timeout if it has one. */
    record RunningTask(String jobId, String taskId, Instant startedAt, Duration taskTimeout) {
    }

    /** Running tasks that started longer ago than their job's task_timeout, or {@code timeout} when it sets none. */
    List<RunningTask> runningPastTimeout(Instant now, Duration timeout, int limit) {
        return jdbc.sql("""
                select t.job_id, t.task_id, t.started_at, j.task_timeout_s from bfia_task t
                join bfia_job j on j.job_id = t.job_id
                where t.status = 'RUNNING'
                    and t.started_at + make_interval(secs => coalesce(j.task_timeout_s, ?)) < ?
                order by t.started_at limit ?""")
                .params(timeout.toSeconds(), ts(now), limit).query((rs, n) -> new RunningTask(rs.getString(1), rs.getString(2),
                        instant(rs, "started_at"), Sql.nullableLong(rs, "task_timeout_s") == null ? null
                                : Duration.ofSeconds(rs.getLong("task_timeout_s")))).list();
    }

    /** A task's job and this node's units of it, for its logs. */
    List<UnitRow> localUnits(String taskId, String nodeId) {
        return jdbc.sql("select * from bfia_task_unit where task_id = ? and node_id = ? order by role, role_index")
                .params(taskId, nodeId).query(JobStore::unit).list();
    }

    /**
     * The exit code, where it is known; a record only (the unit's status decides), so its commit does
     * not wait for the flush.
     *
     * @return the unit's status, null when there is no such unit
     */
    TaskStatus setUnitExit(String taskId, String role, int roleIndex, Integer exitCode) {
        return jdbc.sql("update bfia_task_unit set exit_code = ? where task_id = ? and role = ? and role_index = ? "
                        + "returning status, " + Sql.NO_FLUSH_WAIT)
                .params(exitCode, taskId, role, roleIndex).query((rs, n) -> TaskStatus.valueOf(rs.getString(1))).optional()
                .orElse(null);
    }

    /**
     * The launched unit's handle. Its commit does not wait for the flush: a crash of the machine that
     * loses it ends the process as well, and a unit without a handle counts as gone after a restart.
     *
     * @return the unit's status as it is now
     */
    TaskStatus setUnitHandle(String taskId, String role, int roleIndex, UnitHandle handle) {
        return jdbc.sql("update bfia_task_unit set handle = ?, process_started_at = ? "
                        + "where task_id = ? and role = ? and role_index = ? returning status, " + Sql.NO_FLUSH_WAIT)
                .params(handle.text(), ts(handle.startedAt()), taskId, role, roleIndex)
                .query((rs, n) -> TaskStatus.valueOf(rs.getString(1))).single();
    }

    void setNextPoll(String taskId, String role, int roleIndex, Instant at) {
        jdbc.sql("update bfia_task_unit set next_poll_at = ? where task_id = ? and role = ? and role_index = ? "
                        + "and status in ('PENDING', 'RUNNING')")
                .params(ts(at), taskId, role, roleIndex).update();
    }

    /** Units of this node that were running when it stopped. */
    List<UnitRow> localRunning(String nodeId) {
        return jdbc.sql("select * from bfia_task_unit where node_id = ? and status = 'RUNNING'").param(nodeId)
                .query(JobStore::unit).list();
    }

    /** Remote units of poll-mode jobs due to be asked about, claimed until {@code claimUntil} so one replica asks. */
    List<UnitRow> claimDuePolls(Instant now, Instant claimUntil, int limit) {
        return jdbc.sql("""
                update bfia_task_unit set next_poll_at = ? where (task_id, role, role_index) in (
                    select task_id, role, role_index from bfia_task_unit
                    where next_poll_at <= ? and status in ('PENDING', 'RUNNING')
                    order by next_poll_at limit ? for update skip locked)
                returning *""").params(ts(claimUntil), ts(now), limit).query(JobStore::unit).list();
    }

    private static String prefixed(String alias) {
        return alias + "." + JOB_COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static JobRow row(ResultSet rs, int n) throws SQLException {
        String result = rs.getString("result");
        Long timeout = Sql.nullableLong(rs, "task_timeout_s");
        return new JobRow(rs.getString("job_id"), rs.getString("flow_id"), rs.getString("initiator_node"),
                rs.getString("scheduler_node"), rs.getString("sync_type"), JobStatus.valueOf(rs.getString("status")),
                result == null ? null : JobResult.valueOf(result), rs.getString("reason"),
                rs.getBoolean("stop_requested"), Approval.valueOf(rs.getString("approval")),
                rs.getString("approval_reason"), instant(rs, "created_at"),
                timeout == null ? null : Duration.ofSeconds(timeout));
    }

    private static UnitRow unit(ResultSet rs, int n) throws SQLException {
        String handle = rs.getString("handle");
        return new UnitRow(rs.getString("job_id"), rs.getString("task_id"), rs.getString("role"),
                rs.getInt("role_index"), rs.getString("node_id"), TaskStatus.valueOf(rs.getString("status")),
                rs.getString("token_hash"),
                handle == null ? null : UnitHandle.parse(handle, instant(rs, "process_started_at")));
    }
}
