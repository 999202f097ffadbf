package io.hutong.runtime;

/**
 * A task's process ended.
 *
 * @param exitCode the exit status; null when unknown (a process adopted after a restart of the node)
 */
public record TaskExited(String jobId, String taskId, String role, int roleIndex, Integer exitCode) {
}
