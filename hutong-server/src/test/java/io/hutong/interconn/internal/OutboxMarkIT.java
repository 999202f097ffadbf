package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.node.Peers;
import io.hutong.support.FakePeer;
import io.hutong.support.NodeIT;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivered marks are written in batches (here only when the test asks): a message delivered but
 * not marked yet does not hold back the next message of its lane.
 */
@TestPropertySource(properties = "hutong.interconn.outbox.mark-delay=1h")
class OutboxMarkIT extends NodeIT {

    @Autowired
    Outbox outbox;

    @Autowired
    Peers peers;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void aDeliveredMessageWaitsForItsMarkWithoutHoldingUpItsLane() {
        try (FakePeer peer = new FakePeer(path -> "{\"code\":0,\"data\":null}")) {
            String node = "mark-" + UUID.randomUUID().toString().substring(0, 8);
            peers.save(node, peer.url());
            String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");

            transactions.executeWithoutResult(status -> outbox.enqueue(node, new StopAll(jobId, "m1")));
            // m1's sender has had the answer, not only the peer the request
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.deliveredUnmarked() == 1);
            transactions.executeWithoutResult(status -> outbox.enqueue(node, new StopAll(jobId, "m2")));
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.received("job/stop_all").size() == 2);

            assertThat(peer.received("job/stop_all").stream()
                    .map(received -> json.readTree(received.body()).path("task_name").asString()))
                    .containsExactly("m1", "m2");
            // m2 went out without a claim, which would have marked m1 on the way
            assertThat(undelivered(jobId)).isEqualTo(2);
            outbox.markDelivered();
            assertThat(undelivered(jobId)).isZero();
            peers.remove(node);
        }
    }

    private int undelivered(String jobId) {
        return jdbc.sql("select count(*) from bfia_outbox where job_id = ? and delivered_at is null").param(jobId)
                .query(Integer.class).single();
    }
}
