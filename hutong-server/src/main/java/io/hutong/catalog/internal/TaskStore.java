package io.hutong.catalog.internal;

import static io.hutong.storage.Sql.instant;
import static io.hutong.storage.Sql.nullableLong;
import static io.hutong.storage.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalog_task and catalog_execution tables. */
@Repository
class TaskStore {

    private static final String TASK = "select task_id, user_id, template_id, template, "
            + "parameters::text as parameters, plan::text as plan, status, reason, source, session_identifier, "
            + "created_at, ended_at from catalog_task";
    private static final String OPEN = "('starting', 'running')";

    record TaskRow(String taskId, long userId, String templateId, String template, String parameters, String plan,
            String status, String reason, String source, String sessionIdentifier, Instant createdAt,
            Instant endedAt) {
    }

    record ExecutionRow(long id, String taskId, String step, String party, String kind, String offerId, String offer,
            String status, String detail, String jobId, Long vmId, Long packId, Long usageRecordId, String source,
            String sessionIdentifier, Instant startedAt, Instant endedAt) {

        boolean open() {
            return status.equals("starting") || status.equals("running");
        }
    }

    /** What a new execution links to. */
    record NewExecution(String step, String party, String kind, String offerId, String offer, String status,
            String detail, String jobId, Long vmId, Long packId, Long usageRecordId) {
    }

    private final JdbcClient jdbc;

    TaskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertTask(String taskId, long userId, String templateId, String template, String parameters, String plan,
            String source, String session, Instant now) {
        jdbc.sql("""
                insert into catalog_task (task_id, user_id, template_id, template, parameters, plan, status, source,
                    session_identifier, created_at, updated_at)
                values (?, ?, ?, ?, ?::jsonb, ?::jsonb, 'planned', ?, ?, ?, ?)""")
                .params(taskId, userId, templateId, template, parameters, plan, source, session, ts(now), ts(now))
                .update();
    }

    Optional<TaskRow> task(String taskId) {
        return jdbc.sql(TASK + " where task_id = ?").param(taskId).query(TaskStore::task).optional();
    }

    Optional<TaskRow> lock(String taskId) {
        return jdbc.sql(TASK + " where task_id = ? for update").param(taskId).query(TaskStore::task).optional();
    }

    void setTaskStatus(String taskId, String status, String reason, Instant now, boolean ended) {
        jdbc.sql("""
                update catalog_task set status = ?, reason = coalesce(?, reason), updated_at = ?,
                    ended_at = case when ? then coalesce(ended_at, ?) else null end
                where task_id = ?""").params(status, reason, ts(now), ended, ts(now), taskId).update();
    }

    void insertExecution(String taskId, NewExecution e, String source, String session, Instant now) {
        jdbc.sql("""
                insert into catalog_execution (task_id, step, party, kind, offer_id, offer, status, detail, job_id, vm_id,
                    pack_id, usage_record_id, source, session_identifier, started_at)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(taskId, e.step(), e.party(), e.kind(), e.offerId(), e.offer(), e.status(), e.detail(),
                        e.jobId(), e.vmId(), e.packId(), e.usageRecordId(), source, session, ts(now))
                .update();
    }

    List<ExecutionRow> executions(String taskId) {
        return jdbc.sql("select *, offer::text as offer_text from catalog_execution where task_id = ? order by id")
                .param(taskId).query(TaskStore::execution).list();
    }

    /** Open executions linked to a job, a VM or a usage record (one of them given). */
    List<ExecutionRow> openByLink(String column, Object value) {
        return jdbc.sql("select *, offer::text as offer_text from catalog_execution where " + column + " = ? and status in "
                + OPEN + " order by id").param(value).query(TaskStore::execution).list();
    }

    List<String> tasksWithOpenExecutions() {
        return jdbc.sql("select distinct task_id from catalog_execution where status in " + OPEN)
                .query(String.class).list();
    }

    /**
     * Moves an open execution on; an execution that already ended keeps its end (the first reason
     * wins: an outOfTime stop is not overwritten by the job's STOPPED that follows it).
     *
     * @return whether it changed
     */
    boolean update(long id, String status, String detail, Instant now) {
        boolean ends = !status.equals("starting") && !status.equals("running");
        return jdbc.sql("update catalog_execution set status = ?, detail = coalesce(?, detail), "
                + "ended_at = case when ? then ? else ended_at end where id = ? and status in " + OPEN)
                .params(status, detail, ends, ts(now), id).update() > 0;
    }

    private static TaskRow task(ResultSet rs, int n) throws SQLException {
        return new TaskRow(rs.getString("task_id"), rs.getLong("user_id"), rs.getString("template_id"),
                rs.getString("template"), rs.getString("parameters"), rs.getString("plan"), rs.getString("status"),
                rs.getString("reason"), rs.getString("source"), rs.getString("session_identifier"),
                instant(rs, "created_at"), instant(rs, "ended_at"));
    }

    private static ExecutionRow execution(ResultSet rs, int n) throws SQLException {
        return new ExecutionRow(rs.getLong("id"), rs.getString("task_id"), rs.getString("step"), rs.getString("party"),
                rs.getString("kind"), rs.getString("offer_id"), rs.getString("offer_text"), rs.getString("status"),
                rs.getString("detail"), rs.getString("job_id"), nullableLong(rs, "vm_id"), nullableLong(rs, "pack_id"),
                nullableLong(rs, "usage_record_id"), rs.getString("source"), rs.getString("session_identifier"),
                instant(rs, "started_at"), instant(rs, "ended_at"));
    }
}
