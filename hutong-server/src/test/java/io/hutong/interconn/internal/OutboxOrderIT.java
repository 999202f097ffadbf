package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.FakePeer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Messages of one lane (peer and job) arrive in the order they were written: a message written
 * while an earlier one waits for its retry is not sent before it, although a message alone in its
 * lane goes out at once.
 */
class OutboxOrderIT extends OutboxLaneIT {

    @Test
    void aLaneDeliversInWrittenOrderWhenItsFirstMessageIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        // the first two calls are refused, so the first message is still waiting when the others are written
        try (FakePeer peer = new FakePeer(path -> calls.incrementAndGet() <= 2 ? "{\"code\":1,\"msg\":\"not yet\"}"
                : "{\"code\":0,\"data\":null}")) {
            String node = join(peer);
            for (String task : new String[] {"m1", "m2", "m3"}) {
                write(node, task);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> received(peer).size() == 5);
            assertThat(received(peer)).containsExactly("m1", "m1", "m1", "m2", "m3");
            peers.remove(node);
        }
    }
}
