package io.hutong.interconn.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hutong.node.LocalNode;
import io.hutong.transport.SessionGuard;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A container's transport session is its task ({@code config.session_id}), named as the job's
 * scheduler names it: the task id (Hutong), {@code session_<task id>} (Kuscia, the standard's
 * examples) or {@code session_<job id>} (FATE-Flow); each of the three is taken for the same task. A
 * container's token opens it while its unit, launched on this node, has not ended; a peer may send
 * into it while the task runs here and the peer takes part in it, as the job's plan says. A peer's
 * admission is remembered for a few seconds: a data exchange makes many calls into one session.
 */
@Component
class TransportSessions implements SessionGuard {

    private static final Duration REMEMBERED = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final LocalNode local;
    private final PlanCache plans;
    private final Cache<String, Boolean> admitted = Caffeine.newBuilder().expireAfterWrite(REMEMBERED)
            .maximumSize(10_000).build();

    TransportSessions(JdbcClient jdbc, LocalNode local, PlanCache plans) {
        this.jdbc = jdbc;
        this.local = local;
        this.plans = plans;
    }

    /** What a {@code session_} session names: a task id or a job id. */
    private static String named(String sessionId) {
        return sessionId.startsWith("session_") ? sessionId.substring("session_".length()) : sessionId;
    }

    @Override
    public boolean opens(String token, String sessionId) {
        String named = named(sessionId);
        return jdbc.sql("""
                select exists (select 1 from bfia_task_unit where token_hash = ? and node_id = ?
                    and (task_id = ? or task_id = ? or job_id = ?) and status not in ('SUCCESS', 'FAILED'))""")
                .params(Ids.sha256(token), local.id(), sessionId, named, named).query(Boolean.class).single();
    }

    @Override
    public boolean admits(String peerNode, String sessionId) {
        String key = sessionId + "\n" + peerNode;
        if (admitted.getIfPresent(key) != null) {
            return true;
        }
        record Running(String jobId, String taskName) {
        }
        String named = named(sessionId);
        List<Running> tasks = jdbc.sql("""
                select t.job_id, t.task_name from bfia_task t where (t.task_id = ? or t.task_id = ? or t.job_id = ?)
                    and exists (select 1 from bfia_task_unit u where u.task_id = t.task_id and u.node_id = ?
                        and u.status not in ('SUCCESS', 'FAILED'))""")
                .params(sessionId, named, named, local.id()).query((rs, n) -> new Running(rs.getString(1), rs.getString(2)))
                .list();
        boolean admits = tasks.stream().anyMatch(t -> plans.of(t.jobId()).find(t.taskName())
                .map(planned -> planned.nodes().contains(peerNode)).orElse(false));
        if (admits) {
            admitted.put(key, true);
        }
        return admits;
    }
}
