package io.hutong.interconn;

import io.hutong.interconn.internal.JobQueries;
import io.hutong.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** The north-south operations of §5 on this node: what its users and other features call. */
@Service
public class BfiaJobs {

    private final JobQueries jobs;

    BfiaJobs(JobQueries jobs) {
        this.jobs = jobs;
    }

    /** §5.1: validates the job here, then creates it through its scheduler; returns the new job id. */
    public String createAll(String flowId, JsonNode dag, JsonNode config) {
        return jobs.createAll(flowId, dag, config);
    }

    /** §5.2 and §5.7: stops the job, or a task and everything downstream of it. */
    public void stop(String jobId, String taskName) {
        jobs.stop(jobId, taskName);
    }

    /** §5.3: as the scheduler knows it, so every party answers alike. */
    public JobState status(String jobId) {
        return jobs.status(jobId);
    }

    /**
     * §5.3, answered once the job has ended on this node or after {@code wait}, whichever comes
     * first; with a zero wait at once.
     */
    public CompletableFuture<JobState> statusOnceEnded(String jobId, Duration wait) {
        return jobs.statusOnceEnded(jobId, wait);
    }

    /** §5.6: job id → status, optionally of one flow. */
    public Map<String, String> jobList(String flowId) {
        return jobs.jobList(flowId);
    }

    public List<PendingApproval> awaitingApproval() {
        return jobs.awaitingApproval();
    }

    /** This node's decision on a job waiting for it: READY or REJECTED. */
    public void decide(String jobId, String status, String reason) {
        if (!"READY".equals(status) && !"REJECTED".equals(status)) {
            throw ApiException.invalid("status", "oneOf(READY,REJECTED)");
        }
        jobs.decide(jobId, status, reason);
    }

    /** The datasets a job this node knows uses (see {@link JobConfig#datasets()}); empty for an unknown job. */
    public List<JobDataset> datasets(String jobId) {
        return jobs.datasets(jobId);
    }

    /** §5.4/§5.5: this node's log lines of a task at a level (info, debug, error). */
    public List<String> logLines(String taskId, String level) {
        return jobs.logLines(taskId, level);
    }
}
