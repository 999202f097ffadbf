package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.node.Peer;
import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A Kuscia scheduler tells its parties nothing when a job succeeds. This node asks it, every
 * {@code hutong.interconn.scheduler-status-interval}, about the jobs it runs here, and a job whose
 * every task the scheduler has seen end ends here too.
 */
@Component
class SchedulerStatusSweep {

    private static final Logger log = LoggerFactory.getLogger(SchedulerStatusSweep.class);

    private final Peers peers;
    private final JobStore store;
    private final JobTransactions jobs;
    private final SchedulerStatus schedulers;

    SchedulerStatusSweep(Peers peers, JobStore store, JobTransactions jobs, SchedulerStatus schedulers) {
        this.peers = peers;
        this.store = store;
        this.jobs = jobs;
        this.schedulers = schedulers;
    }

    void sweep() {
        List<String> silent = peers.all().stream().filter(p -> p.dialect() == PeerDialect.KUSCIA).map(Peer::nodeId)
                .toList();
        if (silent.isEmpty()) {
            return;
        }
        for (String jobId : store.runningScheduledBy(silent)) {
            try {
                BfiaJob job = store.find(jobId, jobs.context()).orElse(null);
                if (job == null) {
                    continue;
                }
                Map<String, TaskStatus> reported = schedulers.kusciaTasks(job);
                jobs.apply(jobId, locked -> locked.schedulerReported(reported));
            } catch (RuntimeException e) {
                log.warn("Job {}: its scheduler's status_all was not read: {}", jobId, e.getMessage());
            }
        }
    }
}
