package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.NodeIT;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Delivered messages go after hutong.interconn.outbox.retention (1 day); undelivered ones stay. */
class OutboxRetentionIT extends NodeIT {

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Test
    void deletesOnlyMessagesDeliveredLongerAgoThanTheRetention() {
        String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");
        message(jobId, "delivered-2-days-ago", "now() - interval '2 days'", "now() - interval '2 days'");
        message(jobId, "delivered-1-hour-ago", "now() - interval '1 hour'", "now() - interval '1 hour'");
        message(jobId, "given-up-2-days-ago", "'infinity'", "null");
        message(jobId, "waiting", "now() + interval '1 day'", "null");

        outbox.purgeDelivered();

        assertThat(jdbc.sql("select path from bfia_outbox where job_id = ? order by id").param(jobId)
                .query(String.class).list())
                .containsExactly("delivered-1-hour-ago", "given-up-2-days-ago", "waiting");
    }

    private void message(String jobId, String path, String nextAttempt, String delivered) {
        jdbc.sql("insert into bfia_outbox (job_id, target_node, path, body, created_at, next_attempt_at, delivered_at) "
                + "values (?, 'node-x', ?, '{}', now() - interval '2 days', " + nextAttempt + ", " + delivered + ")")
                .params(jobId, path).update();
    }
}
