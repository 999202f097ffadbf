package io.hutong.components.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hutong.components.internal.wire.PushRequest;
import io.hutong.components.internal.wire.TransType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SecretFlow's link layer (yacl's "blackbox" link) between this party and its peer, over the BFIA
 * transport: every message is a {@code PushRequest} whose key is the logical key, the bytes 0x01 0x02
 * and a sequence id counted from 1 over every message sent. A run opens with each side's
 * {@code connect_<rank>}; each message consumed is acknowledged with {@code ACK}; at most
 * {@value #WINDOW} throttled messages wait for their acknowledgement; the run closes with each side's
 * {@code FIN} carrying how many messages it sent. Messages are matched by logical key, so their order
 * on the transport does not matter, and a repeated sequence id is dropped. A wait fails when nothing
 * came from the peer for the timeout, counted from the last message of any kind.
 */
final class Link implements AutoCloseable {

    static final String ROOT = "root";
    static final int WINDOW = 10;
    private static final String SEPARATOR = "\u0001\u0002";
    private static final String ACK = "ACK";
    private static final String FIN = "FIN";
    private static final String CONNECT = "connect_";
    private static final int POP_SECONDS = 1;
    private static final long MAX_CHUNKED = 1L << 30;

    /** The two transport calls the link makes to its own node. */
    interface Channel {

        /** @throws ComponentFailure when the message could not be handed over */
        void push(byte[] message);

        /**
         * The next message from the peer, waiting up to {@code seconds}; empty when none came.
         *
         * @throws UncheckedIOException when the node did not answer (worth another try)
         * @throws ComponentFailure when it refused the call
         */
        byte[] pop(int seconds);
    }

    private record Pending(long seq, byte[] value) {
    }

    private static final class Chunks {
        final byte[] message;
        final TreeSet<Long> offsets = new TreeSet<>();
        long received;

        Chunks(int length) {
            message = new byte[length];
        }
    }

    private final Channel channel;
    private final int self;
    private final int peer;
    private final String peerName;
    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread receiver;

    // guarded by lock
    private final Map<String, Pending> inbox = new HashMap<>();
    private final Map<String, Chunks> chunks = new HashMap<>();
    private final SeqIds received = new SeqIds();
    private final SeqIds acknowledged = new SeqIds();
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long sent;
    private long lastHeard = System.nanoTime();
    private long lastAcknowledged = lastHeard;
    private boolean connected;
    private long peerSent = -1;
    private boolean finishing;
    private ComponentFailure failure;
    // why the last pop failed, while they fail
    private UncheckedIOException unanswered;

    /**
     * Starts receiving at once.
     *
     * @param peerName how the errors name the peer, e.g. {@code host.0 at node-b}
     * @param timeout how long the peer may stay silent
     */
    Link(Channel channel, int self, int peer, String peerName, Duration timeout) {
        this.channel = channel;
        this.self = self;
        this.peer = peer;
        this.peerName = peerName;
        this.timeoutNanos = timeout.toNanos();
        receiver = new Thread(this::receiveLoop, "psi-link-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** {@code <channel>:P2P-<n>:<from>-><to>}, the logical key of the n-th message from one rank to the other. */
    static String p2p(String channelId, long n, int from, int to) {
        return channelId + ":P2P-" + n + ":" + from + "->" + to;
    }

    /** Greets the peer and waits for its greeting. */
    void connect() {
        channel.push(frame(CONNECT + self + SEPARATOR + 0, new byte[0]));
        await(() -> connected, "its connect_" + peer);
    }

    /** Sends a message that needs no room in the window. */
    void send(String key, byte[] value) {
        send(key, value, false);
    }

    /** Sends a message once fewer than {@value #WINDOW} throttled ones wait for their acknowledgement. */
    void sendThrottled(String key, byte[] value) {
        send(key, value, true);
    }

    private void send(String key, byte[] value, boolean throttled) {
        long seq;
        lock.lock();
        try {
            if (throttled) {
                long waitingSince = System.nanoTime();
                while (failure == null && inFlight.size() >= WINDOW) {
                    long silent = System.nanoTime() - Math.max(waitingSince, lastAcknowledged);
                    if (silent >= timeoutNanos) {
                        fail(new ComponentFailure(peerName + " acknowledged none of the last " + WINDOW
                                + " messages for " + seconds(timeoutNanos) + " s"));
                        break;
                    }
                    awaitNanos(timeoutNanos - silent);
                }
            }
            throwIfFailed();
            seq = ++sent;
            if (throttled) {
                inFlight.add(seq);
            }
        } finally {
            lock.unlock();
        }
        channel.push(frame(key + SEPARATOR + seq, value));
    }

    /**
     * The message of that logical key, waiting for it; acknowledged to the peer once taken. Fails at
     * once when the peer has ended the run and every message it counted came without this one.
     */
    byte[] receive(String key) {
        Pending[] taken = new Pending[1];
        await(() -> {
            taken[0] = inbox.remove(key);
            if (taken[0] == null && peerSent >= 0 && received.hasAllUpTo(peerSent)) {
                throw new ComponentFailure(peerName + " ended the run (its FIN counts " + peerSent
                        + " messages) while this party waited for " + key);
            }
            return taken[0] != null;
        }, key);
        acknowledge(taken[0].seq());
        return taken[0].value();
    }

    /**
     * Ends the run as yacl does: acknowledges what was never read, sends {@code FIN} with the count of
     * messages sent, and waits for the peer's {@code FIN}, every message it counted and the
     * acknowledgement of every message sent.
     */
    void finish() {
        List<Long> unread = new ArrayList<>();
        long count;
        lock.lock();
        try {
            throwIfFailed();
            finishing = true;
            inbox.values().forEach(pending -> unread.add(pending.seq()));
            inbox.clear();
            count = sent;
        } finally {
            lock.unlock();
        }
        unread.forEach(this::acknowledge);
        channel.push(frame(FIN + SEPARATOR, Long.toString(count).getBytes(StandardCharsets.US_ASCII)));
        await(() -> peerSent >= 0 && received.hasAllUpTo(peerSent) && acknowledged.hasAllUpTo(count),
                "the end of the run (its FIN, its messages and the acknowledgement of ours)");
    }

    /** Makes every wait, and every later call, fail with this reason (the first one given wins). */
    void fail(ComponentFailure reason) {
        lock.lock();
        try {
            if (failure == null) {
                failure = reason;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        receiver.interrupt();
        try {
            receiver.join(TimeUnit.SECONDS.toMillis(POP_SECONDS + 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acknowledge(long seq) {
        if (seq > 0) {
            channel.push(frame(ACK + SEPARATOR, Long.toString(seq).getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private byte[] frame(String key, byte[] value) {
        return PushRequest.newBuilder().setSenderRank(self).setKey(key).setValue(ByteString.copyFrom(value)).build()
                .toByteArray();
    }

    private interface Check {
        boolean met();
    }

    /** Waits, holding the lock between checks, until {@code check} is met; fails on the peer's silence. */
    private void await(Check check, String what) {
        lock.lock();
        try {
            while (true) {
                throwIfFailed();
                if (check.met()) {
                    return;
                }
                long silent = System.nanoTime() - lastHeard;
                if (silent >= timeoutNanos) {
                    fail(new ComponentFailure("nothing came from " + peerName + " for " + seconds(timeoutNanos)
                            + " s while waiting for " + what + (unanswered == null ? ""
                            : " (the node's transport does not answer: " + unanswered.getMessage() + ")")));
                    continue;
                }
                awaitNanos(timeoutNanos - silent);
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitNanos(long nanos) {
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new ComponentFailure("stopped"));
        }
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private void receiveLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            byte[] payload;
            try {
                payload = channel.pop(POP_SECONDS);
                unanswered(null);
            } catch (UncheckedIOException e) {
                // the node may be restarting; the waits' timeout decides when to give up
                unanswered(e);
                if (!pause()) {
                    return;
                }
                continue;
            } catch (ComponentFailure e) {
                if (!Thread.currentThread().isInterrupted()) {
                    fail(e);
                }
                return;
            } catch (RuntimeException e) {
                fail(new ComponentFailure("receiving from " + peerName + " failed: " + e, e));
                return;
            }
            if (payload.length > 0) {
                try {
                    long unread = take(PushRequest.parseFrom(payload));
                    acknowledge(unread);
                } catch (InvalidProtocolBufferException e) {
                    fail(new ComponentFailure("a message from " + peerName + " is no PushRequest: " + e.getMessage()));
                    return;
                } catch (ComponentFailure e) {
                    fail(e);
                    return;
                }
            }
        }
    }

    private void unanswered(UncheckedIOException e) {
        lock.lock();
        try {
            unanswered = e;
        } finally {
            lock.unlock();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(POP_SECONDS));
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** @return the sequence id of a message that came after {@link #finish} began, to acknowledge unread; else 0 */
    private long take(PushRequest message) {
        if (message.getSenderRank() != peer) {
            throw new ComponentFailure("a message with key " + printable(message.getKey()) + " came from rank "
                    + message.getSenderRank() + " on the channel of " + peerName + " (rank " + peer + ")");
        }
        String wireKey = message.getKey();
        int separator = wireKey.lastIndexOf(SEPARATOR);
        String key = separator < 0 ? wireKey : wireKey.substring(0, separator);
        long seq = separator < 0 ? 0 : number(wireKey.substring(separator + SEPARATOR.length()), "the sequence id",
                wireKey, separator + SEPARATOR.length() == wireKey.length());
        lock.lock();
        try {
            lastHeard = System.nanoTime();
            changed.signalAll();
            if (key.equals(ACK)) {
                long acked = number(message.getValue().toStringUtf8(), "the acknowledged id", wireKey, false);
                acknowledged.add(acked);
                if (inFlight.remove(acked)) {
                    lastAcknowledged = lastHeard;
                }
            } else if (key.equals(FIN)) {
                peerSent = number(message.getValue().toStringUtf8(), "the count of messages", wireKey, false);
            } else if (key.startsWith(CONNECT)) {
                connected |= key.equals(CONNECT + peer);
            } else {
                byte[] value = message.getTransType() == TransType.CHUNKED ? assemble(wireKey, message)
                        : message.getValue().toByteArray();
                if (value != null && (seq == 0 || received.add(seq))) {
                    if (finishing) {
                        // nobody reads it any more; the peer still waits for its acknowledgement
                        return seq;
                    }
                    if (inbox.putIfAbsent(key, new Pending(seq, value)) != null) {
                        throw new ComponentFailure(peerName + " sent two messages with key " + printable(key));
                    }
                }
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** The whole message once its last chunk came, else null. */
    private byte[] assemble(String wireKey, PushRequest part) {
        long length = part.getChunkInfo().getMessageLength();
        long offset = part.getChunkInfo().getChunkOffset();
        int size = part.getValue().size();
        if (length > MAX_CHUNKED || offset < 0 || offset + size > length) {
            throw new ComponentFailure("a chunk of " + printable(wireKey) + " from " + peerName + " has " + size
                    + " bytes at offset " + offset + " of a message of " + length);
        }
        Chunks message = chunks.computeIfAbsent(wireKey, k -> new Chunks((int) length));
        if (message.message.length != length) {
            throw new ComponentFailure("the chunks of " + printable(wireKey) + " from " + peerName
                    + " disagree on the message's length");
        }
        if (message.offsets.add(offset)) {
            part.getValue().copyTo(message.message, (int) offset);
            message.received += size;
        }
        if (message.received < length) {
            return null;
        }
        chunks.remove(wireKey);
        return message.message;
    }

    private long number(String text, String what, String wireKey, boolean empty) {
        try {
            long value = empty ? 0 : Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ComponentFailure("a message from " + peerName + " with key " + printable(wireKey) + " has "
                    + what + " '" + printable(text) + "', not a whole number");
        }
    }

    private static String printable(String key) {
        return key.replace("\u0001", "\\x01").replace("\u0002", "\\x02");
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
