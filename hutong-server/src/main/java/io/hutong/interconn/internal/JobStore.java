package io.hutong.interconn.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.ts;

import io.hutong.interconn.BfiaJobEnded;
import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The bfia_job, bfia_job_party, bfia_task and bfia_task_unit tables. */
@Repository
class JobStore {

    // without the DAG and config: every state change reads the row, and the plan they make is kept in memory.
    // Named by the alias "bfia_job j", so a join with the job reads the same columns.
    private static final String JOB_COLUMNS = "j.job_id, j.flow_id, j.initiator_node, j.scheduler_node, j.sync_type, "
            + "j.status, j.result, j.reason, j.approval, j.approval_reason, j.created_at";
    private static final String JOB_AND_TASK_COLUMNS = JOB_COLUMNS + ", t.task_id, t.task_name, t.status as task_status ";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ApplicationEventPublisher events;

    JobStore(JdbcClient jdbc, JdbcTemplate batch, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.events = events;
    }

    record JobRow(String jobId, String flowId, String initiatorNode, String schedulerNode,
            String syncType, JobStatus status, JobResult result, String reason, String approval,
            String approvalReason, Instant createdAt) {

        boolean poll() {
            return syncType.equals("poll");
        }
    }

    record TaskRow(String taskId, String jobId, String name, TaskStatus status) {
    }

    /** The DAG and config of a job as received. */
    record Definition(String dag, String config) {
    }

    /** A task, its units and its job, the job locked. */
    record LockedTask(JobRow job, TaskRow task, List<UnitRow> units) {
    }

    record JobWithTasks(JobRow job, List<TaskRow> tasks) {
    }

    record UnitRow(String taskId, String role, int roleIndex, String nodeId, TaskStatus status, String tokenHash,
            Long pid, Instant processStartedAt, String host) {

        String label() {
            return role + "." + roleIndex;
        }
    }

    Optional<JobRow> find(String jobId) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job j where job_id = ?").param(jobId)
                .query(JobStore::job).optional();
    }

    /** Locks the job for a state change: every change of a job and its tasks is serialised by this row. */
    Optional<JobRow> lock(String jobId) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job j where job_id = ? for update").param(jobId)
                .query(JobStore::job).optional();
    }

    /**
     * Locks the job of a task, in one round trip with reading the task, then reads the task's
     * units: in a statement of their own, whose snapshot is taken once the lock is held. Joined to
     * the locking statement they would be as they were before it waited for the lock, without the
     * changes of the transaction it waited for.
     */
    Optional<LockedTask> lockTask(String taskId) {
        return jdbc.sql("select " + JOB_AND_TASK_COLUMNS
                        + "from bfia_task t join bfia_job j on j.job_id = t.job_id where t.task_id = ? for update of j")
                .param(taskId).query((rs, n) -> Map.entry(job(rs, n), joinedTask(rs))).optional()
                .map(locked -> new LockedTask(locked.getKey(), locked.getValue(), units(taskId)));
    }

    /** A job and its tasks by name, in one round trip: status_all is what portals keep asking. */
    Optional<JobWithTasks> findWithTasks(String jobId) {
        return jdbc.sql("select " + JOB_AND_TASK_COLUMNS + "from bfia_job j left join bfia_task t on t.job_id = j.job_id "
                        + "where j.job_id = ? order by t.task_name")
                .param(jobId).query(rs -> {
                    JobRow job = null;
                    List<TaskRow> tasks = new ArrayList<>();
                    while (rs.next()) {
                        job = job != null ? job : job(rs, 0);
                        if (rs.getString("task_id") != null) {
                            tasks.add(joinedTask(rs));
                        }
                    }
                    return Optional.ofNullable(job).map(found -> new JobWithTasks(found, tasks));
                });
    }

    Optional<Definition> definition(String jobId) {
        return jdbc.sql("select dag::text, config::text from bfia_job where job_id = ?").param(jobId)
                .query((rs, n) -> new Definition(rs.getString(1), rs.getString(2))).optional();
    }

    boolean insertJob(String jobId, String flowId, String dag, String config, String initiator, String scheduler,
            String syncType, Instant now) {
        return jdbc.sql("""
                insert into bfia_job (job_id, flow_id, dag, config, initiator_node, scheduler_node, sync_type, status,
                    created_at, updated_at)
                values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, 'PENDING', ?, ?) on conflict (job_id) do nothing""")
                .params(jobId, flowId, dag, config, initiator, scheduler, syncType, ts(now), ts(now)).update() == 1;
    }

    void setStatus(String jobId, JobStatus status, JobResult result, String reason, Instant now) {
        jdbc.sql("update bfia_job set status = ?, result = ?, reason = coalesce(?, reason), updated_at = ? where job_id = ?")
                .params(status.name(), result == null ? null : result.name(), reason, ts(now), jobId).update();
        // the one place every party records a job's end, so features following jobs hear of each end
        if (status.ended()) {
            events.publishEvent(new BfiaJobEnded(jobId, status, result, reason));
        }
    }

    void requestStop(String jobId) {
        jdbc.sql("update bfia_job set stop_requested = true where job_id = ?").param(jobId).update();
    }

    boolean stopRequested(String jobId) {
        return jdbc.sql("select stop_requested from bfia_job where job_id = ?").param(jobId).query(Boolean.class).single();
    }

    void setApproval(String jobId, String approval, String reason, Instant now) {
        jdbc.sql("update bfia_job set approval = ?, approval_reason = ?, updated_at = ? where job_id = ?")
                .params(approval, reason, ts(now), jobId).update();
    }

    List<JobRow> jobs(String flowId) {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job j where (cast(? as text) is null or flow_id = ?) "
                        + "order by created_at desc, job_id")
                .params(flowId, flowId).query(JobStore::job).list();
    }

    List<JobRow> awaitingApproval() {
        return jdbc.sql("select " + JOB_COLUMNS + " from bfia_job j where approval = 'PENDING' and status = 'PENDING' "
                + "order by created_at").query(JobStore::job).list();
    }

    /** @return whether the party's approval changed */
    boolean setPartyApproval(String jobId, String nodeId, String approval, String reason) {
        return jdbc.sql("update bfia_job_party set approval = ?, reason = ? where job_id = ? and node_id = ? "
                        + "and approval = 'PENDING'")
                .params(approval, reason, jobId, nodeId).update() == 1;
    }

    List<String> partyApprovals(String jobId) {
        return jdbc.sql("select approval from bfia_job_party where job_id = ?").param(jobId).query(String.class).list();
    }

    /** A task the scheduler plans, with the parties of its units. */
    record NewTask(String taskId, String name, List<JobPlan.Unit> units) {
    }

    /**
     * The scheduler's rows of a new job: its tasks, their units (PENDING) and its parties, each
     * table in one round trip.
     */
    void insertPlan(String jobId, List<NewTask> tasks, Collection<String> parties, Instant now) {
        OffsetDateTime at = ts(now);
        batch.batchUpdate("insert into bfia_task (task_id, job_id, task_name, status, updated_at) "
                + "values (?, ?, ?, 'PENDING', ?) on conflict do nothing",
                tasks.stream().map(t -> new Object[] {t.taskId(), jobId, t.name(), at}).toList());
        batch.batchUpdate("insert into bfia_task_unit (task_id, role, role_index, node_id, status, updated_at) "
                + "values (?, ?, ?, ?, 'PENDING', ?) on conflict do nothing",
                tasks.stream().flatMap(t -> t.units().stream().map(u -> new Object[] {t.taskId(), u.role(),
                        u.roleIndex(), u.nodeId(), at})).toList());
        batch.batchUpdate("insert into bfia_job_party (job_id, node_id, approval) values (?, ?, 'PENDING') "
                + "on conflict do nothing", parties.stream().map(node -> new Object[] {jobId, node}).toList());
    }

    /** A participant's task from its task/start on; a task that already ended here keeps its status. */
    void insertRunningTask(String taskId, String jobId, String name, Instant now) {
        jdbc.sql("""
                insert into bfia_task (task_id, job_id, task_name, status, updated_at) values (?, ?, ?, 'RUNNING', ?)
                on conflict (task_id) do update set status = 'RUNNING', updated_at = excluded.updated_at
                    where bfia_task.status in ('PENDING', 'READY')""").params(taskId, jobId, name, ts(now)).update();
    }

    List<TaskRow> tasks(String jobId) {
        return jdbc.sql("select task_id, job_id, task_name, status from bfia_task where job_id = ? order by task_name")
                .param(jobId).query(JobStore::task).list();
    }

    Optional<TaskRow> task(String taskId) {
        return jdbc.sql("select task_id, job_id, task_name, status from bfia_task where task_id = ?").param(taskId)
                .query(JobStore::task).optional();
    }

    void setTaskStatus(String taskId, TaskStatus status, Instant now) {
        jdbc.sql("update bfia_task set status = ?, updated_at = ? where task_id = ?")
                .params(status.name(), ts(now), taskId).update();
    }

    /**
     * Claims a unit of this node for launching: creates it, or takes the scheduler's row of it, and
     * sets its token. Only the first claim of a unit succeeds, so a repeated task/start, or two
     * replicas of the node, never launch it twice.
     */
    boolean claimUnitLaunch(String taskId, String role, int roleIndex, String nodeId, String tokenHash, Instant now) {
        return jdbc.sql("""
                insert into bfia_task_unit (task_id, role, role_index, node_id, status, token_hash, updated_at)
                values (?, ?, ?, ?, 'RUNNING', ?, ?)
                on conflict (task_id, role, role_index) do update
                    set token_hash = excluded.token_hash, status = 'RUNNING', updated_at = excluded.updated_at
                    where bfia_task_unit.token_hash is null and bfia_task_unit.status in ('PENDING', 'READY', 'RUNNING')""")
                .params(taskId, role, roleIndex, nodeId, tokenHash, ts(now)).update() == 1;
    }

    List<UnitRow> units(String taskId) {
        return jdbc.sql("select * from bfia_task_unit where task_id = ? order by role, role_index").param(taskId)
                .query(JobStore::unit).list();
    }

    List<UnitRow> unitsOfJob(String jobId) {
        return jdbc.sql("""
                select u.* from bfia_task_unit u join bfia_task t on t.task_id = u.task_id where t.job_id = ?
                order by u.task_id, u.role, u.role_index""").param(jobId).query(JobStore::unit).list();
    }

    void setUnitStatus(String taskId, String role, int roleIndex, TaskStatus status, Instant now) {
        jdbc.sql("update bfia_task_unit set status = ?, next_poll_at = null, updated_at = ? "
                        + "where task_id = ? and role = ? and role_index = ?")
                .params(status.name(), ts(now), taskId, role, roleIndex).update();
    }

    /**
     * With the exit code where it is known; a unit already ended keeps its status. The code is a
     * record only (the unit's status decides), so its commit does not wait for the flush.
     *
     * @return the unit's status, null when there is no such unit
     */
    TaskStatus setUnitExit(String taskId, String role, int roleIndex, Integer exitCode) {
        return jdbc.sql("update bfia_task_unit set exit_code = ? where task_id = ? and role = ? and role_index = ? "
                        + "returning status, " + Sql.NO_FLUSH_WAIT)
                .params(exitCode, taskId, role, roleIndex).query((rs, n) -> TaskStatus.valueOf(rs.getString(1))).optional()
                .orElse(null);
    }

    /** Every unit of a task, as the scheduler starts it. */
    void setUnitsRunning(String taskId, Instant now) {
        jdbc.sql("update bfia_task_unit set status = 'RUNNING', next_poll_at = null, updated_at = ? where task_id = ?")
                .params(ts(now), taskId).update();
    }

    /**
     * The process's commit does not wait for the flush: a crash of the machine that loses it ends
     * the process as well, and a unit without a process counts as gone after a restart.
     *
     * @return the unit's status as it is now
     */
    TaskStatus setUnitProcess(String taskId, String role, int roleIndex, long pid, Instant startedAt, String host) {
        return jdbc.sql("update bfia_task_unit set pid = ?, process_started_at = ?, host = ? "
                        + "where task_id = ? and role = ? and role_index = ? returning status, " + Sql.NO_FLUSH_WAIT)
                .params(pid, ts(startedAt), host, taskId, role, roleIndex)
                .query((rs, n) -> TaskStatus.valueOf(rs.getString(1))).single();
    }

    void setNextPoll(String taskId, String role, int roleIndex, Instant at) {
        jdbc.sql("update bfia_task_unit set next_poll_at = ? where task_id = ? and role = ? and role_index = ?")
                .params(ts(at), taskId, role, roleIndex).update();
    }

    /** Units of this node that were running when it stopped. */
    List<UnitRow> localRunning(String nodeId) {
        return jdbc.sql("select * from bfia_task_unit where node_id = ? and status = 'RUNNING'").param(nodeId)
                .query(JobStore::unit).list();
    }

    /** Remote units of poll-mode jobs due to be asked about, claimed for a while so one replica asks. */
    List<UnitRow> claimDuePolls(Instant now, Instant claimUntil, int limit) {
        return jdbc.sql("""
                update bfia_task_unit set next_poll_at = ? where (task_id, role, role_index) in (
                    select task_id, role, role_index from bfia_task_unit
                    where next_poll_at <= ? and status in ('PENDING', 'RUNNING')
                    order by next_poll_at limit ? for update skip locked)
                returning *""").params(ts(claimUntil), ts(now), limit).query(JobStore::unit).list();
    }

    private static JobRow job(ResultSet rs, int row) throws SQLException {
        String result = rs.getString("result");
        return new JobRow(rs.getString("job_id"), rs.getString("flow_id"), rs.getString("initiator_node"),
                rs.getString("scheduler_node"), rs.getString("sync_type"), JobStatus.valueOf(rs.getString("status")),
                result == null ? null : JobResult.valueOf(result), rs.getString("reason"), rs.getString("approval"),
                rs.getString("approval_reason"), instant(rs, "created_at"));
    }

    /** The task of a row that joins bfia_job j with bfia_task t ({@link #JOB_AND_TASK_COLUMNS}). */
    private static TaskRow joinedTask(ResultSet rs) throws SQLException {
        return new TaskRow(rs.getString("task_id"), rs.getString("job_id"), rs.getString("task_name"),
                TaskStatus.valueOf(rs.getString("task_status")));
    }

    private static TaskRow task(ResultSet rs, int row) throws SQLException {
        return new TaskRow(rs.getString("task_id"), rs.getString("job_id"), rs.getString("task_name"),
                TaskStatus.valueOf(rs.getString("status")));
    }

    private static UnitRow unit(ResultSet rs, int row) throws SQLException {
        return new UnitRow(rs.getString("task_id"), rs.getString("role"), rs.getInt("role_index"),
                rs.getString("node_id"), TaskStatus.valueOf(rs.getString("status")), rs.getString("token_hash"),
                Sql.nullableLong(rs, "pid"), instant(rs, "process_started_at"), rs.getString("host"));
    }
}
