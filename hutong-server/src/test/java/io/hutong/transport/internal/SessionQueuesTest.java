package io.hutong.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SessionQueuesTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.1");

    private final SessionQueues queues = queues(DataSize.ofBytes(10), Duration.ofMinutes(10));

    private static SessionQueues queues(DataSize buffer, Duration expiry) {
        return new SessionQueues(new TransportProperties(buffer, DataSize.ofMegabytes(1), expiry, Duration.ofMinutes(30),
                Duration.ofSeconds(120), Duration.ofSeconds(300), LOOPBACK, 2, Duration.ofSeconds(30)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(CompletableFuture<byte[]> message) throws Exception {
        return new String(message.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    @Test
    void messagesComeOutInOrderPerKeyAndKeysAreApart() throws Exception {
        queues.push("s", "node-a", "node-a-t", bytes("1"));
        queues.push("s", "node-a", "node-a-t", bytes("2"));
        queues.push("s", "node-c", "node-c-t", bytes("3"));

        assertThat(text(queues.pop("s", "node-a-t", Duration.ZERO))).isEqualTo("1");
        assertThat(text(queues.pop("s", "node-a-t", Duration.ZERO))).isEqualTo("2");
        assertThat(queues.pop("s", "node-a-t", Duration.ZERO).get()).isEmpty();
        assertThat(queues.pop("other", "node-c-t", Duration.ZERO).get()).isEmpty();
        assertThat(text(queues.pop("s", "node-c-t", Duration.ZERO))).isEqualTo("3");
    }

    @Test
    void aWaitingReaderTakesTheNextMessageAndAnEndedWaitIsEmpty() throws Exception {
        CompletableFuture<byte[]> waiting = queues.pop("s", "k", Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();
        queues.push("s", "node-a", "k", bytes("hello"));
        assertThat(text(waiting)).isEqualTo("hello");

        CompletableFuture<byte[]> short_ = queues.pop("s", "k", Duration.ofMillis(50));
        assertThat(short_.get(5, TimeUnit.SECONDS)).isEmpty();
        // nothing is lost to the reader whose wait ended
        queues.push("s", "node-a", "k", bytes("kept"));
        assertThat(text(queues.pop("s", "k", Duration.ZERO))).isEqualTo("kept");
    }

    @Test
    void peekLeavesTheMessage() throws Exception {
        assertThat(queues.peek("s", "k")).isEmpty();
        queues.push("s", "node-a", "k", bytes("x"));
        assertThat(queues.peek("s", "k")).isEqualTo(bytes("x"));
        assertThat(text(queues.pop("s", "k", Duration.ZERO))).isEqualTo("x");
    }

    @Test
    void aSessionHoldsAtMostItsBufferOfUnreadBytes() throws Exception {
        queues.push("s", "node-a", "k", bytes("123456"));
        assertThatThrownBy(() -> queues.push("s", "node-a", "j", bytes("12345")))
                .isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000700"))
                .hasMessageContaining("session-buffer (10)");
        queues.pop("s", "k", Duration.ZERO).get();
        queues.push("s", "node-a", "j", bytes("12345"));
        assertThat(queues.bytes("s")).isEqualTo(5);
    }

    @Test
    void releasingATopicDropsItsMessagesOnly() throws Exception {
        queues.push("s", "node-a", "k", bytes("123"));
        queues.push("s", "node-a", "j", bytes("45"));
        queues.release("s", "k");
        assertThat(queues.bytes("s")).isEqualTo(2);
        assertThat(queues.pop("s", "k", Duration.ZERO).get()).isEmpty();
        assertThat(text(queues.pop("s", "j", Duration.ZERO))).isEqualTo("45");
    }

    @Test
    void aReleasedSessionEndsItsReadersAndRefusesLaterCalls() {
        CompletableFuture<byte[]> waiting = queues.pop("s", "k", Duration.ofSeconds(30));
        queues.release("s", null);

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000608"));
        assertThatThrownBy(() -> queues.push("s", "node-a", "k", bytes("late")))
                .isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000608"));
        assertThatThrownBy(() -> queues.peek("s", "k"))
                .isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000608"));
    }

    @Test
    void anIdleSessionIsForgottenAndReleasedOnlyWhenItLostUnreadMessages() throws Exception {
        SessionQueues expiring = queues(DataSize.ofBytes(10), Duration.ZERO);
        expiring.push("unread", "node-a", "k", bytes("x"));
        expiring.peek("empty", "k");
        CompletableFuture<byte[]> waiting = expiring.pop("busy", "k", Duration.ofSeconds(30));
        Thread.sleep(5);

        expiring.expire();

        assertThatThrownBy(() -> expiring.peek("unread", "k"))
                .isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000608"));
        expiring.push("empty", "node-a", "k", bytes("again"));
        assertThat(text(expiring.pop("empty", "k", Duration.ZERO))).isEqualTo("again");
        expiring.push("busy", "node-a", "k", bytes("y"));
        assertThat(text(waiting)).isEqualTo("y");
    }

    @Test
    void aPeerHasMessagesInBoundedlyManySessions() {
        queues.push("s1", "node-b", "k", bytes("1"));
        queues.push("s2", "node-b", "k", bytes("2"));

        assertThatThrownBy(() -> queues.push("s3", "node-b", "k", bytes("3")))
                .isInstanceOfSatisfying(ChanException.class, e -> assertThat(e.code).isEqualTo("E0000000700"))
                .hasMessageContaining("hutong.transport.sessions-per-peer is 2");
        assertThat(queues.sessionsOf("node-b")).isEqualTo(2);
        // another peer is not held back, nor is the peer in a session it uses already
        queues.push("s3", "node-c", "k", bytes("3"));
        queues.push("s1", "node-b", "k", bytes("4"));
        // a released session no longer counts
        queues.release("s1", null);
        queues.push("s3", "node-b", "k", bytes("5"));
        assertThat(queues.sessionsOf("node-b")).isEqualTo(2);
    }
}
