package io.hutong.interconn;

import java.util.List;

/**
 * Consulted by this node as a party before its approval policy, when another node creates a job
 * here: a job it refuses is REJECTED with the reason recorded. The node-trust feature implements
 * it with multi-party resource tokens.
 */
public interface JobAdmission {

    /** @return why this node rejects the job, or null to leave the decision to the approval policy */
    String refusal(Request request);

    /**
     * @param requestingNode the node that created the job here (its scheduler), as verified
     * @param datasets the job's datasets held by this node
     * @param resourceTokens the {@code x-mprac-token-set} of the create call; null when absent
     */
    record Request(String jobId, String requestingNode, List<JobDataset> datasets, String resourceTokens) {
    }
}
