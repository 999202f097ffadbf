package io.hutong.interconn.internal;

import io.hutong.node.LocalNode;
import io.hutong.transport.SessionGuard;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A container's transport session is its task ({@code config.session_id}): its token opens it while
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
                select exists (select 1 from bfia_task_unit where token_hash = ? and node_id = ? and task_id = ?
                    and status not in ('SUCCESS', 'FAILED'))""")
                .params(Ids.sha256(token), local.id(), sessionId).query(Boolean.class).single();
    }
}
