package io.hutong.interconn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.interconn.BfiaJobEnded;
import io.hutong.interconn.JobResult;
import io.hutong.interconn.JobStatus;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobEndWaitsTest {

    private final JobEndWaits waits = new JobEndWaits();

    @Test
    void anEndWakesEveryCallerOfThatJobOnly() {
        CompletableFuture<Void> first = waits.register("job-1");
        CompletableFuture<Void> second = waits.register("job-1");
        CompletableFuture<Void> other = waits.register("job-2");
        waits.ended(new BfiaJobEnded("job-1", JobStatus.FINISHED, JobResult.SUCCESS, null));
        assertThat(first).isDone();
        assertThat(second).isDone();
        assertThat(other).isNotDone();
        assertThat(waits.waiters()).isEqualTo(1);
    }

    @Test
    void aCallerWhoStopsWaitingLeavesNothingBehind() {
        CompletableFuture<Void> gone = waits.register("job-1");
        CompletableFuture<Void> staying = waits.register("job-1");
        waits.forget("job-1", gone);
        assertThat(waits.waiters()).isEqualTo(1);
        waits.forget("job-1", staying);
        assertThat(waits.waiters()).isZero();
        waits.forget("job-1", staying);
        assertThat(waits.waiters()).isZero();
    }
}
