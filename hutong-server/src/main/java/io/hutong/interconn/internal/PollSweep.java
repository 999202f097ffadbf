package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.node.EastWest;
import io.hutong.node.PeerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Poll mode (sync_type poll): the scheduler asks each remote party about its running units every
 * poll interval. Callback-mode jobs never pass through here.
 */
@Component
class PollSweep {

    private static final Logger log = LoggerFactory.getLogger(PollSweep.class);

    private final JobStore store;
    private final EastWest eastWest;
    private final Coordinator coordinator;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService pollers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "bfia-poll");
        thread.setDaemon(true);
        return thread;
    });

    PollSweep(JobStore store, EastWest eastWest, Coordinator coordinator,
            @Value("${hutong.interconn.poll-interval:1s}") Duration interval) {
        this.store = store;
        this.eastWest = eastWest;
        this.coordinator = coordinator;
        this.interval = interval;
    }

    @Scheduled(fixedDelayString = "${hutong.interconn.poll-sweep:200ms}")
    void sweep() {
        Instant now = clock.instant();
        for (JobStore.UnitRow unit : store.claimDuePolls(now, now.plus(interval), 100)) {
            pollers.execute(() -> poll(unit));
        }
    }

    private void poll(JobStore.UnitRow unit) {
        try {
            var data = eastWest.post(unit.nodeId(), Messages.PREFIX + "task/poll",
                    Map.of("task_id", unit.taskId(), "role", unit.role(), "role_index", unit.roleIndex()));
            TaskStatus status = EastWestHandler.status(data.path("status").asString("RUNNING"));
            coordinator.unitReport(unit.taskId(), unit.role(), unit.roleIndex(), unit.nodeId(), status);
        } catch (PeerException e) {
            log.warn("Polling task {} {} at {} failed, asking again later: {}", unit.taskId(), unit.label(),
                    unit.nodeId(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Polling task {} {} at {} failed", unit.taskId(), unit.label(), unit.nodeId(), e);
        }
    }

    @PreDestroy
    void close() {
        pollers.shutdownNow();
    }
}
