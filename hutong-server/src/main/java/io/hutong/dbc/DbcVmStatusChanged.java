package io.hutong.dbc;

import java.time.Instant;

/** A VM took a new status (published after the change is recorded). */
public record DbcVmStatusChanged(long vmId, long userId, String nodeId, String taskId, String from, String to,
        Instant at) {
}
