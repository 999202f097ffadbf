package io.hutong.components.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do the curve arithmetic, one masker each: a batch is cut into slices that run
 * side by side, so that both of a party's streams (its own items and the peer's points) keep every
 * core busy.
 */
final class MaskingPool implements AutoCloseable {

    // ~10 ms of X25519 per slice
    private static final int SLICE = 512;

    private final Suite suite;
    private final ExecutorService threads;
    private final ThreadLocal<Suite.Masker> maskers;

    MaskingPool(Suite suite, byte[] secret, int threadCount) {
        this.suite = suite;
        AtomicInteger ids = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, runnable -> {
            Thread thread = new Thread(runnable, "psi-mask-" + ids.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        byte[] key = secret.clone();
        this.maskers = ThreadLocal.withInitial(() -> suite.masker(key));
    }

    /** The items hashed to the curve and masked: their points, concatenated. */
    CompletableFuture<byte[]> maskItems(List<byte[]> items) {
        int size = suite.pointSize();
        byte[] out = new byte[items.size() * size];
        return sliced(items.size(), (from, to) -> {
            Suite.Masker masker = maskers.get();
            for (int i = from; i < to; i++) {
                masker.maskItem(items.get(i), out, i * size);
            }
        }).thenApply(done -> out);
    }

    /** The peer's {@code count} concatenated points masked again: the last {@code keep} bytes of each, concatenated. */
    CompletableFuture<byte[]> maskPoints(byte[] points, int count, int keep) {
        int size = suite.pointSize();
        byte[] out = new byte[count * keep];
        return sliced(count, (from, to) -> {
            Suite.Masker masker = maskers.get();
            byte[] point = new byte[size];
            for (int i = from; i < to; i++) {
                masker.maskPoint(points, i * size, point, 0);
                System.arraycopy(point, size - keep, out, i * keep, keep);
            }
        }).thenApply(done -> out);
    }

    private interface Slice {
        void run(int from, int to);
    }

    private CompletableFuture<Void> sliced(int count, Slice slice) {
        List<CompletableFuture<Void>> slices = new ArrayList<>();
        for (int from = 0; from < count; from += SLICE) {
            int start = from;
            int end = Math.min(count, from + SLICE);
            slices.add(CompletableFuture.runAsync(() -> slice.run(start, end), threads));
        }
        return CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
