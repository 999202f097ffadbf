package io.hutong.interconn.internal;

import io.hutong.node.LocalNode;
import io.hutong.transport.SessionGuard;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A container's transport session is its job ({@code config.session_id}): its token opens it while
 * its unit, launched on this node, has not ended.
 */
@Component
class TransportSessions implements SessionGuard {

    private final JdbcClient jdbc;
    private final LocalNode local;

    TransportSessions(JdbcClient jdbc, LocalNode local) {
        this.jdbc = jdbc;
        this.local = local;
    }

    @Override
    public boolean opens(String token, String sessionId) {
        return jdbc.sql("""
                select exists (select 1 from bfia_task_unit u join bfia_task t on t.task_id = u.task_id
                    where u.token_hash = ? and u.node_id = ? and t.job_id = ? and u.status not in ('SUCCESS', 'FAILED'))""")
                .params(Ids.sha256(token), local.id(), sessionId).query(Boolean.class).single();
    }
}
