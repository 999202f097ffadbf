package io.hutong.interconn.internal;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Jobs and tasks cannot wait forever: a job still waiting for approvals after
 * {@code hutong.interconn.approval-timeout} ends REJECTED, a task still running after its
 * {@code task_timeout} fails. Each is a move of its job, in its own transaction.
 */
@Component
class TimeoutSweep {

    private static final Logger log = LoggerFactory.getLogger(TimeoutSweep.class);
    private static final int BATCH = 100;

    private final JobStore store;
    private final Scheduler scheduler;
    private final InterconnProperties properties;
    private final Clock clock;

    TimeoutSweep(JobStore store, Scheduler scheduler, InterconnProperties properties, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    void sweep() {
        Instant now = clock.instant();
        for (String jobId : store.pendingSince(now.minus(properties.approvalTimeout()), BATCH)) {
            guarded("approval timeout of " + jobId, () -> scheduler.approvalTimedOut(jobId));
        }
        for (JobStore.RunningTask task : store.runningPastTimeout(now, properties.taskTimeout(), BATCH)) {
            guarded("task timeout of " + task.taskId(), () -> scheduler.taskTimedOut(task));
        }
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("The {} was not applied: {}", what, e.getMessage());
        }
    }
}
