package io.hutong.runtime;

/**
 * A task's process ended.
 *
 * @param exitCode the exit status; null when unknown (a process that vanished while the node was down)
 */
public record TaskExited(String jobId, String taskId, String role, int roleIndex, Integer exitCode) {
}
