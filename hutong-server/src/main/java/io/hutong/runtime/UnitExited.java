package io.hutong.runtime;

/**
 * A unit's process (or in-process run, or pod) ended.
 *
 * @param exitCode the exit status; null when unknown (a process that vanished while the node was down)
 */
public record UnitExited(String jobId, String taskId, String role, int roleIndex, Integer exitCode) {
}
