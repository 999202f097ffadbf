package io.hutong.interconn.internal;

import static io.hutong.storage.Sql.instant;

import io.hutong.interconn.BfiaJobs.Page;
import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.JobViews.Detail;
import io.hutong.interconn.JobViews.Filter;
import io.hutong.interconn.JobViews.PartyApproval;
import io.hutong.interconn.JobViews.PendingMessage;
import io.hutong.interconn.JobViews.Summary;
import io.hutong.interconn.JobViews.TaskView;
import io.hutong.interconn.JobViews.UnitView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What {@link io.hutong.interconn.JobViews} answers: lists paged in SQL, and a job read as its moves read it. */
@Component
public class JobViewQueries {

    /** A job's summary columns; its parties are the nodes of config.role, ended jobs ended when last updated. */
    private static final String SUMMARY = """
            select j.job_id, j.flow_id, j.status, j.result, j.initiator_node, j.created_at,
                case when j.status in ('FINISHED', 'REJECTED') then j.updated_at end as ended_at,
                array(select distinct n from jsonb_each(case when jsonb_typeof(j.config -> 'role') = 'object'
                        then j.config -> 'role' else '{}'::jsonb end) r,
                    jsonb_array_elements_text(case when jsonb_typeof(r.value) = 'array' then r.value else '[]'::jsonb end) n
                    order by n) as parties
            from bfia_job j""";

    private static final String WHERE = """
             where (cast(? as text) is null or j.status = ?)
               and (cast(? as bigint) is null
                   or exists (select 1 from bfia_job_creator c where c.job_id = j.job_id and c.user_id = ?))""";

    private final JdbcClient jdbc;
    private final JobStore store;
    private final JobTransactions jobs;

    JobViewQueries(JdbcClient jdbc, JobStore store, JobTransactions jobs) {
        this.jdbc = jdbc;
        this.store = store;
        this.jobs = jobs;
    }

    public Page<Summary> list(Filter filter, int offset, int limit) {
        String status = filter.status() == null ? null : filter.status().name();
        Object[] params = {status, status, filter.creatorUserId(), filter.creatorUserId()};
        // the page's ids first: the rows skipped by the offset are neither detoasted nor given their parties
        List<Summary> page = jdbc.sql("with page as (select j.job_id from bfia_job j " + WHERE
                        + " order by j.created_at desc, j.job_id limit ? offset ?) "
                        + SUMMARY + " join page p on p.job_id = j.job_id order by j.created_at desc, j.job_id")
                .params(params).param(limit).param(offset).query(JobViewQueries::summary).list();
        long total = jdbc.sql("select count(*) from bfia_job j " + WHERE).params(params).query(Long.class).single();
        return new Page<>(page, total);
    }

    public Optional<Detail> find(String jobId) {
        return store.find(jobId, jobs.context()).map(this::detail);
    }

    public Optional<String> resourceTokens(String jobId) {
        return jdbc.sql("select resource_tokens from bfia_job where job_id = ?").param(jobId).query(String.class)
                .optional();
    }

    public Optional<String> jobOfTask(String taskId) {
        return store.jobOfTask(taskId);
    }

    private Detail detail(BfiaJob job) {
        Summary summary = jdbc.sql(SUMMARY + " where j.job_id = ?").param(job.jobId).query(JobViewQueries::summary)
                .single();
        List<PartyApproval> approvals = job.parties.values().stream()
                .map(p -> new PartyApproval(p.node, p.approval.name(), p.reason)).toList();
        List<TaskView> tasks = job.plan.tasks().stream().map(planned -> {
            BfiaJob.Task task = job.tasks.get(planned.name());
            List<UnitView> units = planned.units().stream().map(unit -> new UnitView(unit.label(), unit.nodeId(),
                    task == null ? null : task.units.stream()
                            .filter(u -> u.role.equals(unit.role()) && u.index == unit.roleIndex())
                            .map(u -> u.status).findFirst().orElse(null),
                    job.schedules() || unit.nodeId().equals(job.localNode()))).toList();
            var info = planned.registered().info();
            return new TaskView(planned.name(), task == null ? null : task.taskId,
                    info.componentName() + " " + info.version(), task == null ? null : task.status,
                    planned.upstream(), units);
        }).toList();
        List<PendingMessage> outbox = jdbc.sql("""
                select target_node, path, attempts, created_at, next_attempt_at, last_error from bfia_outbox
                where job_id = ? and delivered_at is null order by id limit 100""").param(job.jobId)
                .query((rs, n) -> new PendingMessage(rs.getString(1), rs.getString(2), rs.getInt(3),
                        instant(rs, "created_at"), instant(rs, "next_attempt_at"), rs.getString(6))).list();
        return new Detail(summary, job.scheduler, job.schedules(), job.approval.name(), job.approvalReason, job.reason,
                approvals, tasks, job.plan.dagJson(), job.plan.configJson(), outbox,
                store.creatorOf(job.jobId).orElse(null));
    }

    private static Summary summary(ResultSet rs, int n) throws SQLException {
        String result = rs.getString("result");
        Array parties = rs.getArray("parties");
        return new Summary(rs.getString("job_id"), rs.getString("flow_id"), JobStatus.valueOf(rs.getString("status")),
                result == null ? null : JobResult.valueOf(result), rs.getString("initiator_node"),
                Arrays.asList((String[]) parties.getArray()), instant(rs, "created_at"), instant(rs, "ended_at"));
    }
}
