package io.hutong.catalog.internal;

import io.hutong.dbc.DbcVmStatusChanged;
import io.hutong.interconn.BfiaJobEnded;
import io.hutong.pack.PackOutOfTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What moves a task on: its job ended, its pack ran out, its VM changed status. Each is handled
 * after the change that caused it committed, on another thread (the publishing one still holds
 * its connection); a failure here is logged and never undoes that change. After a restart, open
 * tasks are brought up to date once.
 */
@Component
class TaskEvents {

    private static final Logger log = LoggerFactory.getLogger(TaskEvents.class);

    private final Tasks tasks;
    private final TaskExecutor executor;

    TaskEvents(Tasks tasks, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        this.tasks = tasks;
        this.executor = executor;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void jobEnded(BfiaJobEnded event) {
        handle("job " + event.jobId(), () -> tasks.openByLink("job_id", event.jobId()).forEach(e -> tasks.jobEnded(e,
                event.status().name(), event.result() == null ? null : event.result().name(), event.reason())));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void packRanOut(PackOutOfTime event) {
        if (event.usageRecordId() == null) {
            return;
        }
        handle("pack " + event.packId(), () -> tasks.openByLink("usage_record_id", event.usageRecordId())
                .forEach(e -> tasks.packRanOut(e, event.at())));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void vmChanged(DbcVmStatusChanged event) {
        handle("VM " + event.vmId(), () -> tasks.openByLink("vm_id", event.vmId())
                .forEach(e -> tasks.vmStatus(e, event.to())));
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        handle("recovery", () -> tasks.tasksWithOpenExecutions().forEach(tasks::reconcile));
    }

    private void handle(String what, Runnable action) {
        executor.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("Catalog tasks: following {} failed; the task status endpoint will retry", what, e);
            }
        });
    }
}
