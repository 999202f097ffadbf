package io.hutong.interconn;

/**
 * A move of a job was saved on this node (its status, a task's, a unit's or an approval changed, or
 * nothing did). Published inside the move's transaction, so listeners act after commit; for what
 * follows a job as it goes (the console's live pages), not for decisions.
 */
public record BfiaJobChanged(String jobId) {
}
