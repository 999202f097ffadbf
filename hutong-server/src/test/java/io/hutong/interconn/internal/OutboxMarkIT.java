package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.FakePeer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Delivered marks are written in batches (here only when the test asks): a message delivered but
 * not marked yet does not hold back the next message of its lane.
 */
@TestPropertySource(properties = "hutong.interconn.outbox.mark-delay=1h")
class OutboxMarkIT extends OutboxLaneIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDeliveredMessageWaitsForItsMarkWithoutHoldingUpItsLane() {
        try (FakePeer peer = new FakePeer(path -> "{\"code\":0,\"data\":null}")) {
            String node = join(peer);

            write(node, "m1");
            // m1's sender has had the answer, not only the peer the request
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.deliveredUnmarked() == 1);
            write(node, "m2");
            await().atMost(Duration.ofSeconds(10)).until(() -> received(peer).size() == 2);

            assertThat(received(peer)).containsExactly("m1", "m2");
            // m2 went out without a claim, which would have marked m1 on the way
            assertThat(undelivered()).isEqualTo(2);
            outbox.markDelivered();
            assertThat(undelivered()).isZero();
            peers.remove(node);
        }
    }

    private int undelivered() {
        return jdbc.sql("select count(*) from bfia_outbox where job_id = ? and delivered_at is null").param(jobId)
                .query(Integer.class).single();
    }
}
