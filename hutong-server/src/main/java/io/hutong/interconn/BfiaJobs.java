package io.hutong.interconn;

import io.hutong.account.CurrentUser;
import io.hutong.data.Dataset;
import io.hutong.interconn.internal.JobCommands;
import io.hutong.interconn.internal.JobQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** The north-south operations of §5 on this node: what its users and other features call. */
@Service
public class BfiaJobs {

    private final JobCommands commands;
    private final JobQueries queries;

    BfiaJobs(JobCommands commands, JobQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    /** A page of a list that grows with use, and how many there are in all. */
    public record Page<T>(List<T> items, long total) {
    }

    /**
     * §5.1: validates the job here, then creates it through its scheduler; returns the new job id.
     *
     * @param creatorUserId the user of this node who creates it: its outputs here are theirs
     */
    public String createAll(String flowId, JsonNode dag, JsonNode config, long creatorUserId) {
        return commands.createAll(flowId, dag, config, creatorUserId);
    }

    /** §5.2 and §5.7: stops the job, or a task and everything downstream of it. */
    public void stop(String jobId, String taskName) {
        commands.stop(jobId, taskName);
    }

    /** This node's decision on a job waiting for it: READY or REJECTED. */
    public void decide(String jobId, String status, String reason) {
        commands.decide(jobId, status, reason);
    }

    /** §5.3: as the scheduler knows it, so every party answers alike. */
    public JobState status(String jobId) {
        return queries.status(jobId);
    }

    /**
     * §5.3, answered once the job has ended on this node or after {@code wait}, whichever comes
     * first; with a zero wait at once.
     */
    public CompletableFuture<JobState> statusOnceEnded(String jobId, Duration wait) {
        return queries.statusOnceEnded(jobId, wait);
    }

    /** §5.6: job id → status, newest first, optionally of one flow and of one status. */
    public Page<Map.Entry<String, String>> jobList(String flowId, String status, int offset, int limit) {
        return queries.jobList(blankToNull(flowId), blankToNull(status), offset, limit);
    }

    /** Jobs waiting for this node's decision, oldest first. */
    public Page<PendingApproval> awaitingApproval(int offset, int limit) {
        return queries.awaitingApproval(offset, limit);
    }

    /** The datasets a job this node knows uses (see {@link JobConfig#datasets()}); empty for an unknown job. */
    public List<JobDataset> datasets(String jobId) {
        return queries.datasets(jobId);
    }

    /**
     * The datasets a job wrote at this node that {@code user} may read: its own job's outputs, or the
     * node's (an admin reads every one).
     */
    public List<Dataset> outputs(String jobId, CurrentUser user) {
        return queries.outputs(jobId).stream()
                .filter(output -> user.admin() || output.ownerId() == null || output.ownerId() == user.id()).toList();
    }

    /** §5.4: how many lines this node's log of a task has at a level (info, debug, error). */
    public long logLineCount(String taskId, String level) {
        return queries.logLineCount(taskId, level);
    }

    /** §5.5: this node's log lines of a task at a level, from {@code start}, at most {@code length} (null: all). */
    public String logLines(String taskId, String level, long start, Long length) {
        return queries.logLines(taskId, level, start, length);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
