package io.hutong.interconn.internal;

import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.node.LocalNode;
import io.hutong.node.Peers;
import io.hutong.web.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The north-south commands: what this node's users ask of the jobs it takes part in. */
@Component
@Transactional
public class JobCommands {

    private final PlanCache plans;
    private final JobStore store;
    private final Scheduler scheduler;
    private final Participant participant;
    private final JobTransactions jobs;
    private final Outbox outbox;
    private final LocalNode local;
    private final Peers peers;
    private final InterconnProperties properties;

    JobCommands(PlanCache plans, JobStore store, Scheduler scheduler, Participant participant, JobTransactions jobs, Outbox outbox,
            LocalNode local, Peers peers, InterconnProperties properties) {
        this.plans = plans;
        this.store = store;
        this.scheduler = scheduler;
        this.participant = participant;
        this.jobs = jobs;
        this.outbox = outbox;
        this.local = local;
        this.peers = peers;
        this.properties = properties;
    }

    /**
     * §5.1: validates the job here, then creates it through its scheduler; returns the new job id.
     *
     * @param creatorUserId the user of this node who creates it: its outputs here are theirs
     */
    public String createAll(String flowId, JsonNode dag, JsonNode config, long creatorUserId) {
        JobPlan plan = plans.plan(dag, config);
        if (!local.is(plan.config().initiator().node_id())) {
            throw ApiException.invalid("config.initiator.node_id", "thisNode(" + local.id() + ")");
        }
        String scheduler = plan.schedulerNode();
        if (!local.is(scheduler) && peers.find(scheduler).isEmpty()) {
            throw ApiException.invalid("config.job_params.common.coordinator", "peer(" + scheduler
                    + " is not a known peer)");
        }
        if (!peers.dialectOf(scheduler).serves("job/create_all")) {
            throw ApiException.invalid("config.job_params.common.coordinator", "schedules(" + scheduler + " speaks "
                    + peers.dialectOf(scheduler).wireName() + ", which takes no create_all)");
        }
        String jobId = Ids.job(properties.idStyle());
        PartyIds.check(jobId, plan, peers);
        store.recordCreator(jobId, creatorUserId);
        CreateAll request = new CreateAll(jobId, flowId, dag, config);
        if (local.is(scheduler)) {
            // planned once: the scheduler takes this plan instead of making it again
            plans.remember(jobId, plan);
            this.scheduler.createAll(local.id(), request);
        } else {
            // a new job's lane: nothing else of it is written yet, so no lock is needed to keep its order
            outbox.enqueue(scheduler, request);
        }
        return jobId;
    }

    /** §5.2, §5.7: asks the job's scheduler to stop the job, or a task and everything downstream of it. */
    public void stop(String jobId, String taskName) {
        requireId(jobId);
        jobs.apply(jobId, job -> job.askToStop(taskName == null || taskName.isBlank() ? null : taskName.strip()));
    }

    /** This node's decision on a job waiting for it. */
    public void decide(String jobId, String status, String reason) {
        requireId(jobId);
        if (!"READY".equals(status) && !"REJECTED".equals(status)) {
            throw ApiException.invalid("status", "oneOf(READY,REJECTED)");
        }
        participant.decide(jobId, Approval.valueOf(status), reason);
    }

    static void requireId(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw ApiException.invalid("job_id", "notBlank");
        }
    }
}
