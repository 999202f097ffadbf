package io.hutong.runtime;

import java.time.Instant;

/** A running task: enough to stop it, or to find it again after a restart of the node. */
public record LaunchedTask(long pid, Instant startedAt, String host) {
}
