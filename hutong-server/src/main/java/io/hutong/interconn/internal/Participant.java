package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * This node as a party (参与方) of a job: takes the jobs its schedulers create here, its own
 * decisions on them, and how its units end. Every move is one transaction holding the job's lock
 * (see {@link JobTransactions}).
 */
@Component
@Transactional
class Participant {

    private static final Logger log = LoggerFactory.getLogger(Participant.class);

    private final JobTransactions jobs;
    private final JobStore store;
    private final PlanCache plans;

    Participant(JobTransactions jobs, JobStore store, PlanCache plans) {
        this.jobs = jobs;
        this.store = store;
        this.plans = plans;
    }

    /**
     * §3.2: the job as this party sees it, from {@code caller}; a repeat changes nothing. A job this
     * node cannot plan is rejected here, and its scheduler hears why instead of retrying forever.
     */
    void create(String caller, Create request, String resourceTokens) {
        if (store.findRow(request.job_id()).isPresent()) {
            jobs.apply(request.job_id(), job -> job.create(caller));
            return;
        }
        JobPlan plan;
        try {
            plan = plans.plan(request.dag(), request.config());
        } catch (ApiException invalid) {
            String initiator = request.config() == null ? caller
                    : request.config().path("initiator").path("node_id").asString(caller);
            log.info("Job {} of {} cannot be planned here: {}", request.job_id(), caller, invalid.getMessage());
            jobs.create(BfiaJob.unplannable(jobs.context(), caller, request, initiator, invalid.getMessage()));
            return;
        }
        jobs.create(BfiaJob.created(jobs.context(), caller, request, plan, resourceTokens));
    }

    /** This node's decision on a job (a person's); it travels to the scheduler as audit_confirm. */
    void decide(String jobId, Approval decision, String reason) {
        jobs.apply(jobId, job -> job.decide(job.localNode(), decision, reason));
    }

    /** One of this node's units ended: its exit, or a launch that failed. */
    void unitEnded(String taskId, String role, int roleIndex, TaskStatus status) {
        jobs.applyByTask(taskId, job -> {
            job.unitEnded(taskId, role, roleIndex, status);
            return null;
        });
    }

    /**
     * The component's own report (§4.1), checked against its unit's token in the job as locked, the
     * same read the report then works with; only an end counts, RUNNING changes nothing.
     *
     * @param roleIndex null when the component gave only its role: this node's one unit of that role
     * @param trustedAddress whether the report came from an address units are launched on, which needs no token
     */
    void componentReport(String taskId, String role, Integer roleIndex, TaskStatus status, String token,
            boolean trustedAddress) {
        String hash = token == null || token.isBlank() ? null : Ids.sha256(token);
        jobs.applyByTask(taskId, job -> {
            List<BfiaJob.Unit> mine = job.tasks.values().stream().filter(t -> t.taskId.equals(taskId))
                    .flatMap(t -> t.units.stream())
                    .filter(u -> u.node.equals(job.localNode()) && u.role.equals(role)
                            && (roleIndex == null || u.index == roleIndex)).toList();
            boolean tokenOk = hash != null && mine.stream().anyMatch(u -> hash.equals(u.tokenHash));
            if (!tokenOk && !trustedAddress) {
                throw new ApiException(ErrorKind.UNAUTHORIZED, "a task callback needs the task's config.token in the "
                        + "token header, or must come from an address tasks are launched on");
            }
            if (mine.size() != 1) {
                throw ApiException.invalid("role", "party(this node has " + (mine.isEmpty() ? "no" : "several")
                        + " " + role + " in task " + taskId + "; send role.index)");
            }
            if (status.terminal()) {
                job.unitEnded(taskId, role, mine.get(0).index, status);
            }
            return null;
        });
    }

    /** The outbox gave up a message of a job: the job decides what that means (see {@link BfiaJob#messageGivenUp}). */
    @EventListener
    void messageGivenUp(MessageGivenUp event) {
        if (store.findRow(event.jobId()).isPresent()) {
            jobs.apply(event.jobId(), job -> job.messageGivenUp(event.target(), event.path(), event.refusals(),
                    event.error()));
        }
    }
}
