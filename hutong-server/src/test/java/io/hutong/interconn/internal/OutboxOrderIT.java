package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.node.Peers;
import io.hutong.support.FakePeer;
import io.hutong.support.NodeIT;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages of one lane (peer and job) arrive in the order they were written: a message written
 * while an earlier one waits for its retry is not sent before it, although a message alone in its
 * lane goes out at once.
 */
class OutboxOrderIT extends NodeIT {

    @Autowired
    Outbox outbox;

    @Autowired
    Peers peers;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Test
    void aLaneDeliversInWrittenOrderWhenItsFirstMessageIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        // the first two calls are refused, so the first message is still waiting when the others are written
        try (FakePeer peer = new FakePeer(path -> calls.incrementAndGet() <= 2 ? "{\"code\":1,\"msg\":\"not yet\"}"
                : "{\"code\":0,\"data\":null}")) {
            String node = "order-" + UUID.randomUUID().toString().substring(0, 8);
            peers.save(node, peer.url());
            String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");
            for (String task : new String[] {"m1", "m2", "m3"}) {
                transactions.executeWithoutResult(status -> outbox.enqueue(node, new StopAll(jobId, task)));
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> peer.received("job/stop_all").size() == 5);
            assertThat(peer.received("job/stop_all").stream()
                    .map(received -> json.readTree(received.body()).path("task_name").asString()))
                    .containsExactly("m1", "m1", "m1", "m2", "m3");
            peers.remove(node);
        }
    }
}
