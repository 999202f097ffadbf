package io.hutong.interconn.internal;

import io.hutong.interconn.BfiaJobChanged;
import io.hutong.interconn.JobAdmission;
import io.hutong.interconn.JobDataset;
import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.BfiaJob.Decision;
import io.hutong.node.LocalNode;
import io.hutong.node.Peers;
import io.hutong.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How every move of a job is made: lock and read the job, make the move on the {@link BfiaJob},
 * save it, and deliver what follows: messages to other nodes into the outbox, end events to
 * this node's listeners, all in the move's transaction; units launched and stopped once it commits.
 */
@Component
@Transactional
class JobTransactions {

    private static final Logger log = LoggerFactory.getLogger(JobTransactions.class);

    private final JobStore store;
    private final TaskEnvironment environment;
    private final Outbox outbox;
    private final UnitRuns runs;
    private final ApplicationEventPublisher events;
    private final ApprovalPolicy policy;
    // through a provider: the admission (node trust's resource tokens) asks this feature about jobs
    private final ObjectProvider<JobAdmission> admission;
    private final LocalNode local;
    private final Peers peers;
    private final InterconnProperties properties;
    private final Clock clock;

    JobTransactions(JobStore store, TaskEnvironment environment, Outbox outbox, UnitRuns runs, ApplicationEventPublisher events,
            ApprovalPolicy policy, ObjectProvider<JobAdmission> admission, LocalNode local, Peers peers,
            InterconnProperties properties, Clock clock) {
        this.store = store;
        this.environment = environment;
        this.outbox = outbox;
        this.runs = runs;
        this.events = events;
        this.policy = policy;
        this.admission = admission;
        this.local = local;
        this.peers = peers;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a job needs of this node for a move made now. */
    BfiaJob.Context context() {
        return new BfiaJob.Context(local.id(), clock.instant(), this::firstDecision, properties.pollInterval(),
                peers::dialectOf);
    }

    /** Makes a move of an existing job; an unknown job is a 404. */
    void apply(String jobId, Consumer<BfiaJob> move) {
        BfiaJob job = store.lock(jobId, context()).orElseThrow(() -> ApiException.notFound("no job " + jobId));
        move.accept(job);
        commit(job);
    }

    /** Makes a move of the job of a task; an unknown task is a 404. */
    <T> T applyByTask(String taskId, Function<BfiaJob, T> move) {
        BfiaJob job = store.lockByTask(taskId, context()).orElseThrow(() -> ApiException.notFound("no task " + taskId));
        T answer = move.apply(job);
        commit(job);
        return answer;
    }

    /** Stores a job just made, and delivers what its making caused. */
    void create(BfiaJob job) {
        Instant now = clock.instant();
        List<BfiaJob.Launch> launches = List.copyOf(job.effects.launches);
        store.insert(job, now);
        deliver(job, launches);
    }

    private void commit(BfiaJob job) {
        List<BfiaJob.Launch> launches = List.copyOf(job.effects.launches);
        runs.endedHere(job);
        store.save(job, clock.instant());
        deliver(job, launches);
    }

    private void deliver(BfiaJob job, List<BfiaJob.Launch> launches) {
        job.effects.messages.forEach(outgoing -> outbox.enqueue(outgoing.node(), outgoing.message()));
        job.effects.ended.forEach(events::publishEvent);
        events.publishEvent(new BfiaJobChanged(job.jobId));
        runs.afterCommit(job, launches, List.copyOf(job.effects.stops));
        job.effects.messages.clear();
        job.effects.ended.clear();
        job.effects.launches.clear();
        job.effects.stops.clear();
        job.effects.reported.clear();
    }

    /**
     * A party's first decision on a job created here: the {@link JobAdmission} may refuse another
     * node's job, then the approval policy may approve it; otherwise a person decides.
     */
    private Decision firstDecision(BfiaJob job, String resourceTokens) {
        if (!local.is(job.scheduler)) {
            List<JobDataset> mine = job.plan.config().datasets().stream().filter(d -> local.is(d.nodeId())).toList();
            String refusal = admission.getObject().refusal(new JobAdmission.Request(job.jobId, job.scheduler, mine, resourceTokens));
            if (refusal != null) {
                log.info("Job {} of {} refused here: {}", job.jobId, job.scheduler, refusal);
                return new Decision(Approval.REJECTED, refusal);
            }
        }
        Optional<String> missing = environment.missingInput(job.plan, store.creatorOf(job.jobId).orElse(null));
        if (missing.isPresent()) {
            log.info("Job {} of {} cannot run here: {}", job.jobId, job.scheduler, missing.get());
            return new Decision(Approval.REJECTED, missing.get());
        }
        String approvedBecause = policy.approves(job.initiator, job.scheduler);
        return approvedBecause == null ? null : new Decision(Approval.READY, approvedBecause);
    }
}
