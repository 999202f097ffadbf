package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.node.PeerClient;
import io.hutong.node.PeerException;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Poll mode (sync_type poll): the scheduler asks each remote party about its running units every
 * poll interval. Callback-mode jobs never pass through here. A poll is claimed for longer than the
 * call can take, so no other sweep or replica asks the same while it waits; a sweep claims no more
 * than the pollers' queue has room for.
 */
@Component
class PollSweep {

    private static final Logger log = LoggerFactory.getLogger(PollSweep.class);

    private final JobStore store;
    private final PeerClient peerClient;
    private final Scheduler scheduler;
    private final Duration interval;
    private final Duration claim;
    private final Clock clock = Clock.systemUTC();
    private final ThreadPoolExecutor pollers;

    PollSweep(JobStore store, PeerClient peerClient, Scheduler scheduler, InterconnProperties properties) {
        this.store = store;
        this.peerClient = peerClient;
        this.scheduler = scheduler;
        this.interval = properties.pollInterval();
        this.claim = (interval.compareTo(PeerClient.LONGEST_CALL) > 0 ? interval : PeerClient.LONGEST_CALL).plusSeconds(5);
        this.pollers = new ThreadPoolExecutor(properties.pollThreads(), properties.pollThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.pollQueue()), runnable -> {
                    Thread thread = new Thread(runnable, "bfia-poll");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    void sweep() {
        int room = pollers.getQueue().remainingCapacity();
        if (room == 0) {
            return;
        }
        Instant now = clock.instant();
        for (JobStore.UnitRow unit : store.claimDuePolls(now, now.plus(claim), Math.min(room, 100))) {
            pollers.execute(() -> poll(unit));
        }
    }

    private void poll(JobStore.UnitRow unit) {
        try {
            var data = peerClient.post(unit.nodeId(), Messages.PREFIX + "task/poll",
                    Map.of("task_id", unit.taskId(), "role", unit.role(), "role_index", unit.roleIndex()));
            scheduler.polled(unit, EastWestHandler.status(data.path("status").asString("RUNNING")));
        } catch (PeerException e) {
            log.warn("Polling task {} {} at {} failed, asking again later: {}", unit.taskId(), unit.label(),
                    unit.nodeId(), e.getMessage());
            store.setNextPoll(unit.taskId(), unit.role(), unit.roleIndex(), clock.instant().plus(interval));
        } catch (RuntimeException e) {
            log.error("Polling task {} {} at {} failed", unit.taskId(), unit.label(), unit.nodeId(), e);
            store.setNextPoll(unit.taskId(), unit.role(), unit.roleIndex(), clock.instant().plus(interval));
        }
    }

    @PreDestroy
    void close() {
        pollers.shutdownNow();
    }
}
