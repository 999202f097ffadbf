package io.hutong.components.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hutong.components.internal.wire.EcdhPsiCipherBatch;
import io.hutong.components.internal.wire.HandshakeRequest;
import io.hutong.components.internal.wire.HandshakeResponse;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * ECDH-PSI as SecretFlow's psi library runs it in interconnection mode, once the link is up: the
 * optional handshake, then three streams side by side. Each party masks its own items in batches of
 * {@value #BATCH} and sends them ({@code enc}, channel {@code root}, throttled), closing with an empty
 * batch; masks each of the peer's batches again, keeps the last {@value Matching#VALUE} bytes of each
 * point, and sends them back where the peer gets the result ({@code dual.enc}, channel
 * {@code root-0}), in the same order; and, where it gets the result itself, receives its own items
 * masked twice. An own row is in the intersection when its twice-masked value is among the peer's.
 * The twice-masked values wait on disk ({@link Spill}) until both sets are complete.
 */
final class EcdhPsi {

    static final int BATCH = 4096;
    static final String DUAL_CHANNEL = Link.ROOT + "-0";
    private static final String ENC = "enc";
    private static final String DUAL_ENC = "dual.enc";
    // batches masked ahead of the one being sent, per stream
    private static final int AHEAD = 2;
    private static final CompletableFuture<byte[]> END = CompletableFuture.completedFuture(new byte[0]);

    /**
     * What both parties agreed.
     *
     * @param resultToRank the rank that learns the intersection, -1 for both
     * @param handshake whether the run opens with the handshake (both must agree: it shifts every key)
     */
    record Terms(Suite suite, int self, int peer, int resultToRank, boolean handshake) {

        boolean selfGetsResult() {
            return resultToRank < 0 || resultToRank == self;
        }

        boolean peerGetsResult() {
            return resultToRank < 0 || resultToRank == peer;
        }
    }

    /**
     * @param peerItems how many items the peer sent
     * @param hits the own rows in the intersection; null where the result is the peer's only
     */
    record Outcome(long peerItems, BitSet hits) {
    }

    private final Link link;
    private final MaskingPool pool;
    private final Dataset input;
    private final long items;
    private final Terms terms;
    private final String peerName;
    private final Path work;
    private final Consumer<String> info;
    private final AtomicLong peerItems = new AtomicLong();

    /**
     * @param items the dataset's row count
     * @param work where the twice-masked values are spilled
     */
    EcdhPsi(Link link, MaskingPool pool, Dataset input, long items, Terms terms, String peerName, Path work,
            Consumer<String> info) {
        this.link = link;
        this.pool = pool;
        this.input = input;
        this.items = items;
        this.terms = terms;
        this.peerName = peerName;
        this.work = work;
        this.info = info;
    }

    Outcome run() throws InterruptedException {
        if (terms.handshake()) {
            handshake();
        }
        Spill peerValues = terms.selfGetsResult() ? new Spill(work, "peer", Matching.VALUE, 0) : null;
        Spill ownValues = null;
        try {
            ownValues = terms.selfGetsResult() ? new Spill(work, "own", Matching.OWN_RECORD, 0) : null;
            BlockingQueue<CompletableFuture<byte[]>> own = new ArrayBlockingQueue<>(AHEAD);
            BlockingQueue<CompletableFuture<byte[]>> peers = new ArrayBlockingQueue<>(AHEAD);
            List<Callable<Void>> streams = new ArrayList<>(List.of(
                    () -> maskOwn(own), () -> sendOwn(own), () -> maskPeers(peers), () -> answerPeer(peers, peerValues)));
            if (ownValues != null) {
                Spill values = ownValues;
                streams.add(() -> receiveDuals(values));
            }
            runAll(streams);
        } finally {
            if (peerValues != null) {
                peerValues.close();
            }
            if (ownValues != null) {
                ownValues.close();
            }
        }
        link.finish();
        if (!terms.selfGetsResult()) {
            return new Outcome(peerItems.get(), null);
        }
        BitSet hits = new BitSet((int) items);
        Matching.match(peerValues, ownValues, work, hits);
        return new Outcome(peerItems.get(), hits);
    }

    private void handshake() {
        String request = Link.p2p(Link.ROOT, 1, 1, 0);
        String response = Link.p2p(Link.ROOT, 1, 0, 1);
        long announced;
        if (terms.self() == 0) {
            HandshakeRequest proposal = parse(() -> HandshakeRequest.parseFrom(link.receive(request)), "HandshakeRequest");
            HandshakeResponse answer = Handshake.respond(proposal, terms.suite(), items, terms.resultToRank());
            link.send(response, answer.toByteArray());
            if (answer.getHeader().getErrorCode() != 0) {
                throw new ComponentFailure("refused the handshake of " + peerName + ": " + answer.getHeader().getErrorMsg());
            }
            announced = Handshake.items(proposal.getIoParam());
        } else {
            link.send(request, Handshake.request(terms.suite(), terms.self(), items, terms.resultToRank()).toByteArray());
            HandshakeResponse answer = parse(() -> HandshakeResponse.parseFrom(link.receive(response)), "HandshakeResponse");
            Handshake.check(answer, terms.suite(), peerName);
            announced = Handshake.items(answer.getIoParam());
        }
        info.accept("handshake with " + peerName + ": " + terms.suite().name() + ", result to "
                + (terms.resultToRank() < 0 ? "both" : "rank " + terms.resultToRank()) + "; the peer announces "
                + announced + " items");
    }

    /** Runs the streams until all end; the first failure stops the others and is thrown. */
    private void runAll(List<Callable<Void>> streams) throws InterruptedException {
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "psi-stream");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<Void> ended = new ExecutorCompletionService<>(threads);
        try {
            streams.forEach(ended::submit);
            for (int i = 0; i < streams.size(); i++) {
                try {
                    ended.take().get();
                } catch (ExecutionException e) {
                    ComponentFailure reason = reason(e.getCause());
                    link.fail(reason);
                    throw reason;
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Reads the own rows into batches and hands them to the pool, in order. */
    private Void maskOwn(BlockingQueue<CompletableFuture<byte[]>> queue) throws InterruptedException {
        long read = 0;
        try (Dataset.Rows rows = input.rows()) {
            List<byte[]> batch = new ArrayList<>(BATCH);
            while (rows.next()) {
                batch.add(rows.item());
                read++;
                if (batch.size() == BATCH) {
                    queue.put(pool.maskItems(batch));
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                queue.put(pool.maskItems(batch));
            }
        }
        if (read != items) {
            throw new ComponentFailure("input train_data changed while it was read: " + items + " rows, then " + read);
        }
        queue.put(END);
        return null;
    }

    private Void sendOwn(BlockingQueue<CompletableFuture<byte[]>> queue) throws Exception {
        int size = terms.suite().pointSize();
        int k = 0;
        for (CompletableFuture<byte[]> next = queue.take(); next != END; next = queue.take(), k++) {
            byte[] points = next.get();
            link.sendThrottled(encKey(k, terms.self(), terms.peer()), batch(ENC, k, false, points.length / size, points));
        }
        link.sendThrottled(encKey(k, terms.self(), terms.peer()), batch(ENC, k, true, 0, new byte[0]));
        return null;
    }

    /** Takes the peer's batches in order and hands them to the pool, until its empty batch. */
    private Void maskPeers(BlockingQueue<CompletableFuture<byte[]>> queue) throws InterruptedException {
        int size = terms.suite().pointSize();
        for (int k = 0; ; k++) {
            EcdhPsiCipherBatch batch = receiveBatch(encKey(k, terms.peer(), terms.self()), ENC, k);
            if (batch.getCount() == 0) {
                queue.put(END);
                return null;
            }
            if (batch.getCiphertext().size() != batch.getCount() * (long) size) {
                throw new ComponentFailure(peerName + "'s enc batch " + k + " has " + batch.getCiphertext().size()
                        + " bytes for " + batch.getCount() + " points of " + size);
            }
            peerItems.addAndGet(batch.getCount());
            queue.put(pool.maskPoints(batch.getCiphertext().toByteArray(), batch.getCount(), Matching.VALUE));
        }
    }

    /** Keeps the peer's twice-masked values where the result is ours, and sends them back where it is the peer's. */
    private Void answerPeer(BlockingQueue<CompletableFuture<byte[]>> queue, Spill values) throws Exception {
        int k = 0;
        for (CompletableFuture<byte[]> next = queue.take(); next != END; next = queue.take(), k++) {
            byte[] dual = next.get();
            int count = dual.length / Matching.VALUE;
            if (values != null) {
                for (int i = 0; i < count; i++) {
                    values.add(dual, i * Matching.VALUE);
                }
            }
            if (terms.peerGetsResult()) {
                link.send(dualKey(k, terms.self(), terms.peer()), batch(DUAL_ENC, k, false, count, dual));
            }
        }
        if (terms.peerGetsResult()) {
            link.send(dualKey(k, terms.self(), terms.peer()), batch(DUAL_ENC, k, true, 0, new byte[0]));
        }
        return null;
    }

    /** Receives the own items masked twice, in the order they were sent, until the peer's empty batch. */
    private Void receiveDuals(Spill values) {
        long batches = (items + BATCH - 1) / BATCH;
        byte[] record = new byte[Matching.OWN_RECORD];
        for (int k = 0; ; k++) {
            EcdhPsiCipherBatch batch = receiveBatch(dualKey(k, terms.peer(), terms.self()), DUAL_ENC, k);
            if (batch.getCount() == 0) {
                if (k != batches) {
                    throw new ComponentFailure(peerName + " ended its dual.enc batches after " + k + " of " + batches);
                }
                return null;
            }
            if (k >= batches) {
                throw new ComponentFailure(peerName + " sent dual.enc batch " + k + "; there were " + batches
                        + " enc batches");
            }
            long expected = Math.min(BATCH, items - (long) k * BATCH);
            if (batch.getCount() != expected) {
                throw new ComponentFailure(peerName + "'s dual.enc batch " + k + " has " + batch.getCount()
                        + " items; enc batch " + k + " had " + expected);
            }
            int size = batch.getCiphertext().size() / batch.getCount();
            if (size < Matching.VALUE || size * batch.getCount() != batch.getCiphertext().size()) {
                throw new ComponentFailure(peerName + "'s dual.enc batch " + k + " has " + batch.getCiphertext().size()
                        + " bytes for " + batch.getCount() + " items; each needs " + Matching.VALUE + " or more");
            }
            byte[] duals = batch.getCiphertext().toByteArray();
            for (int j = 0; j < batch.getCount(); j++) {
                System.arraycopy(duals, (j + 1) * size - Matching.VALUE, record, 0, Matching.VALUE);
                int row = k * BATCH + j;
                record[Matching.VALUE] = (byte) (row >>> 24);
                record[Matching.VALUE + 1] = (byte) (row >>> 16);
                record[Matching.VALUE + 2] = (byte) (row >>> 8);
                record[Matching.VALUE + 3] = (byte) row;
                values.add(record, 0);
            }
        }
    }

    /** Batch k of a stream; an empty one ends it whatever index it says (SecretFlow reads only its emptiness). */
    private EcdhPsiCipherBatch receiveBatch(String key, String type, int k) {
        EcdhPsiCipherBatch batch = parse(() -> EcdhPsiCipherBatch.parseFrom(link.receive(key)), type + " batch");
        if (batch.getCount() < 0 || batch.getCount() > 0 && batch.getBatchIndex() != k) {
            throw new ComponentFailure(peerName + "'s " + type + " batch " + k + " says batch_index "
                    + batch.getBatchIndex() + " and count " + batch.getCount());
        }
        return batch;
    }

    /** The enc batch k's key: after the handshake's message, if there was one. */
    private String encKey(int k, int from, int to) {
        return Link.p2p(Link.ROOT, k + (terms.handshake() ? 2 : 1), from, to);
    }

    private static String dualKey(int k, int from, int to) {
        return Link.p2p(DUAL_CHANNEL, k + 1, from, to);
    }

    static byte[] batch(String type, int k, boolean last, int count, byte[] ciphertext) {
        return EcdhPsiCipherBatch.newBuilder().setType(type).setBatchIndex(k).setIsLastBatch(last).setCount(count)
                .setCiphertext(ByteString.copyFrom(ciphertext)).build().toByteArray();
    }

    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private <T> T parse(Parser<T> parser, String what) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new ComponentFailure(peerName + " sent a message that is no " + what + ": " + e.getMessage());
        }
    }

    /** The reason to report for a stream's failure. */
    static ComponentFailure reason(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ComponentFailure reason) {
            return reason;
        }
        if (cause instanceof InterruptedException) {
            return new ComponentFailure("stopped");
        }
        if (cause instanceof UncheckedIOException io) {
            return new ComponentFailure(io.getMessage(), io);
        }
        return new ComponentFailure("failed: " + cause, cause);
    }
}
