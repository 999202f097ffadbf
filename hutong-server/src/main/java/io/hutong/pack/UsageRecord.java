package io.hutong.pack;

import java.time.Duration;
import java.time.Instant;

/**
 * One training run on a pack (训练资源使用记录).
 *
 * @param endTime null while the training runs
 * @param endReason {@code finished} or {@code outOfTime}; null while running
 */
public record UsageRecord(long id, long packId, long userId, String userName, String trainId, String trainName,
        Instant startTime, Instant endTime, String endReason) {

    /** How long it ran: up to its end, or up to {@code now} while it runs. */
    public Duration duration(Instant now) {
        Instant end = endTime != null ? endTime : now;
        return end.isAfter(startTime) ? Duration.between(startTime, end) : Duration.ZERO;
    }

    public boolean running() {
        return endTime == null;
    }
}
