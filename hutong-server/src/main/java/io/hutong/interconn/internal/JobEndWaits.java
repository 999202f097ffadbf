package io.hutong.interconn.internal;

import io.hutong.interconn.BfiaJobEnded;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Callers waiting for a job to end on this node ({@code status_all} with {@code wait}), woken when
 * the end commits. In memory: a caller of a replica that did not record the end waits its time out
 * and then reads the job, which is all a waiter is promised.
 */
@Component
class JobEndWaits {

    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /** A future completed when the job's end commits here; {@link #forget} it when no longer waited for. */
    CompletableFuture<Void> register(String jobId) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        waiting.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(ended);
        return ended;
    }

    void forget(String jobId, CompletableFuture<Void> ended) {
        waiting.computeIfPresent(jobId, (id, futures) -> futures.remove(ended) && futures.isEmpty() ? null : futures);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void ended(BfiaJobEnded event) {
        Set<CompletableFuture<Void>> futures = waiting.remove(event.jobId());
        if (futures != null) {
            futures.forEach(future -> future.complete(null));
        }
    }

    /** How many callers wait, over all jobs (for tests). */
    int waiters() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }
}
