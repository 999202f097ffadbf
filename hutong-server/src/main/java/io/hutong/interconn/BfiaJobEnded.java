package io.hutong.interconn;

/**
 * A job ended on this node: FINISHED (with its result) or REJECTED. Published inside the
 * transaction that records it, on every party that takes part, so listeners act after commit.
 */
public record BfiaJobEnded(String jobId, JobStatus status, JobResult result, String reason) {
}
