package io.hutong.interconn;

import io.hutong.interconn.BfiaJobs.Page;
import io.hutong.interconn.internal.JobViewQueries;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Jobs as a person looks at them (the console): lists with their parties and times, and one job with all its parts. */
@Service
public class JobViews {

    private final JobViewQueries queries;

    JobViews(JobViewQueries queries) {
        this.queries = queries;
    }

    /**
     * Which jobs a list shows.
     *
     * @param status a job status, null for all
     * @param creatorUserId only the jobs this user of this node created, null for every job
     */
    public record Filter(JobStatus status, Long creatorUserId) {
    }

    /** A job in a list; {@code endedAt} is null while it has not ended. */
    public record Summary(String jobId, String flowId, JobStatus status, JobResult result, String initiator,
            List<String> parties, Instant createdAt, Instant endedAt) {
    }

    /** A party's approval as the scheduler records it (PENDING, READY, REJECTED). */
    public record PartyApproval(String node, String approval, String reason) {
    }

    /**
     * One party-role's share of a task; {@code status} is null while it has not been created here.
     *
     * @param known whether this node knows its state: the scheduler knows every unit, a party its own
     */
    public record UnitView(String role, String node, TaskStatus status, boolean known) {
    }

    /** A task of the DAG; {@code taskId} and {@code status} are null while it has not been created. */
    public record TaskView(String name, String taskId, String component, TaskStatus status, List<String> upstream,
            List<UnitView> units) {
    }

    /** A message to another node that has not been delivered yet. */
    public record PendingMessage(String target, String path, int attempts, Instant createdAt, Instant nextAttemptAt,
            String lastError) {
    }

    /**
     * A job with its parts as this node knows them.
     *
     * @param approval this node's own decision (PENDING, READY, REJECTED)
     * @param approvals every party's decision, on the scheduler only
     * @param creatorUserId the user of this node who created it, null for a job another node created
     */
    public record Detail(Summary summary, String scheduler, boolean schedulesHere, String approval,
            String approvalReason, String reason, List<PartyApproval> approvals, List<TaskView> tasks, JsonNode dag,
            JsonNode config, List<PendingMessage> outbox, Long creatorUserId) {
    }

    /** Newest first, paged in the database. */
    public Page<Summary> list(Filter filter, int offset, int limit) {
        return queries.list(filter, offset, limit);
    }

    public Optional<Detail> find(String jobId) {
        return queries.find(jobId);
    }

    /** The x-mprac-token-set another node's create call carried here, as received; empty when it carried none. */
    public Optional<String> resourceTokens(String jobId) {
        return queries.resourceTokens(jobId);
    }

    /** The job a task belongs to. */
    public Optional<String> jobOfTask(String taskId) {
        return queries.jobOfTask(taskId);
    }
}
