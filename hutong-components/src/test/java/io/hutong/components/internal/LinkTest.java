package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.hutong.components.internal.wire.ChunkInfo;
import io.hutong.components.internal.wire.PushRequest;
import io.hutong.components.internal.wire.TransType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** yacl's link framing between two links joined by an in-memory transport. */
class LinkTest {

    private static final HexFormat HEX = HexFormat.of();

    /** One direction of the transport: what one side pushed, for the other to pop. */
    private static final class Pipe {
        final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        final List<byte[]> pushed = Collections.synchronizedList(new ArrayList<>());
    }

    private final Pipe toZero = new Pipe();
    private final Pipe toOne = new Pipe();
    private final List<Link> links = new ArrayList<>();

    @AfterEach
    void close() {
        links.forEach(Link::close);
    }

    private Link link(int self, Duration timeout) {
        Pipe out = self == 0 ? toOne : toZero;
        Pipe in = self == 0 ? toZero : toOne;
        Link link = new Link(new Link.Channel() {
            @Override
            public void push(byte[] message) {
                out.pushed.add(message);
                out.queue.add(message);
            }

            @Override
            public byte[] pop(int seconds) {
                try {
                    byte[] message = in.queue.poll(seconds, TimeUnit.SECONDS);
                    return message == null ? new byte[0] : message;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ComponentFailure("stopped");
                }
            }
        }, self, 1 - self, "rank " + (1 - self), timeout);
        links.add(link);
        return link;
    }

    @Test
    void connectAckAndFinAreTheGoldenFrames() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        CompletableFuture<Void> connected = CompletableFuture.runAsync(zero::connect);
        one.connect();
        connected.join();
        assertThat(HEX.formatHex(toZero.pushed.get(0))).isEqualTo("0801120c636f6e6e6563745f31010230");

        byte[] request = HEX.parseHex(WireGoldenTest.REQUEST);
        one.send(Link.p2p(Link.ROOT, 1, 1, 0), request);
        assertThat(HEX.formatHex(toZero.pushed.get(1)))
                .isEqualTo("08011212" + "726f6f743a5032502d313a312d3e30010231" + "1abe01" + WireGoldenTest.REQUEST);
        assertThat(zero.receive("root:P2P-1:1->0")).isEqualTo(request);
        assertThat(HEX.formatHex(toOne.pushed.get(1))).isEqualTo("120541434b01021a0131");

        for (int n = 2; n <= 5; n++) {
            one.send(Link.p2p(Link.ROOT, n, 1, 0), new byte[] {(byte) n});
        }
        CompletableFuture<Void> finished = CompletableFuture.runAsync(zero::finish);
        one.finish();
        finished.join();
        assertThat(HEX.formatHex(toZero.pushed.get(toZero.pushed.size() - 1))).isEqualTo("0801120546494e01021a0135");
    }

    @Test
    void messagesAreMatchedByKeyWhateverTheirOrder() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        one.send("root:P2P-2:1->0", bytes("second"));
        one.send("root:P2P-1:1->0", bytes("first"));
        assertThat(zero.receive("root:P2P-1:1->0")).isEqualTo(bytes("first"));
        assertThat(zero.receive("root:P2P-2:1->0")).isEqualTo(bytes("second"));
    }

    @Test
    void aRepeatedSequenceIdIsDropped() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        one.send("root:P2P-1:1->0", bytes("once"));
        // the transport hands the same message over twice; a second one still unread would be refused as a clash
        toZero.queue.add(toZero.pushed.get(0));
        await().until(() -> toZero.queue.isEmpty());
        assertThat(zero.receive("root:P2P-1:1->0")).isEqualTo(bytes("once"));
        CompletableFuture<Void> finished = CompletableFuture.runAsync(zero::finish);
        one.finish();
        finished.join();
    }

    @Test
    void twoMessagesOfOneKeyFailTheLink() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        one.send("root:P2P-1:1->0", bytes("a"));
        one.send("root:P2P-1:1->0", bytes("b"));
        await().untilAsserted(() -> assertThatThrownBy(() -> zero.receive("root:P2P-9:1->0"))
                .isInstanceOf(ComponentFailure.class).hasMessageContaining("two messages with key root:P2P-1:1->0"));
    }

    @Test
    void theEleventhThrottledMessageWaitsForAnAcknowledgement() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        for (int n = 1; n <= Link.WINDOW; n++) {
            one.sendThrottled(Link.p2p(Link.ROOT, n, 1, 0), bytes("batch " + n));
        }
        CompletableFuture<Void> eleventh = CompletableFuture.runAsync(
                () -> one.sendThrottled(Link.p2p(Link.ROOT, 11, 1, 0), bytes("batch 11")));
        await().during(Duration.ofMillis(300)).until(() -> !eleventh.isDone() && toZero.pushed.size() == Link.WINDOW);
        // consuming a message acknowledges it, which makes room
        assertThat(zero.receive(Link.p2p(Link.ROOT, 1, 1, 0))).isEqualTo(bytes("batch 1"));
        await().until(eleventh::isDone);
        assertThat(toZero.pushed).hasSize(Link.WINDOW + 1);
    }

    @Test
    void chunksArriveInAnyOrderAndMakeOneMessage() {
        Link zero = link(0, Duration.ofSeconds(30));
        byte[] whole = bytes("a message in two chunks");
        String key = "root:P2P-1:1->0\u0001\u00021";
        toZero.queue.add(chunk(key, whole, 9, whole.length));
        toZero.queue.add(chunk(key, whole, 0, 9));
        assertThat(zero.receive("root:P2P-1:1->0")).isEqualTo(whole);
    }

    @Test
    void aSilentPeerFailsTheWait() {
        Link zero = link(0, Duration.ofSeconds(1));
        assertThatThrownBy(() -> zero.receive("root:P2P-1:1->0")).isInstanceOf(ComponentFailure.class)
                .hasMessage("nothing came from rank 1 for 1 s while waiting for root:P2P-1:1->0");
    }

    @Test
    void aPeerThatEndsTheRunEarlyFailsTheWaitAtOnce() {
        Link zero = link(0, Duration.ofSeconds(30));
        Link one = link(1, Duration.ofSeconds(30));
        one.send("root:P2P-1:1->0", bytes("all it sends"));
        CompletableFuture.runAsync(one::finish);
        assertThat(zero.receive("root:P2P-1:1->0")).isEqualTo(bytes("all it sends"));
        assertThatThrownBy(() -> zero.receive("root:P2P-2:1->0")).isInstanceOf(ComponentFailure.class)
                .hasMessage("rank 1 ended the run (its FIN counts 1 messages) while this party waited for root:P2P-2:1->0");
    }

    @Test
    void aMessageFromAnotherRankFailsTheLink() {
        Link zero = link(0, Duration.ofSeconds(30));
        toZero.queue.add(PushRequest.newBuilder().setSenderRank(2).setKey("root:P2P-1:2->0\u0001\u00021").build()
                .toByteArray());
        assertThatThrownBy(() -> zero.receive("root:P2P-1:1->0")).isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("came from rank 2 on the channel of rank 1");
    }

    @Test
    void bytesThatAreNoPushRequestFailTheLink() {
        Link zero = link(0, Duration.ofSeconds(30));
        toZero.queue.add(new byte[] {(byte) 0xff, 0x01});
        assertThatThrownBy(() -> zero.receive("root:P2P-1:1->0")).isInstanceOf(ComponentFailure.class)
                .hasMessageContaining("a message from rank 1 is no PushRequest");
    }

    private static byte[] chunk(String key, byte[] whole, int from, int to) {
        return PushRequest.newBuilder().setSenderRank(1).setKey(key).setTransType(TransType.CHUNKED)
                .setChunkInfo(ChunkInfo.newBuilder().setMessageLength(whole.length).setChunkOffset(from))
                .setValue(ByteString.copyFrom(whole, from, to - from)).build().toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
