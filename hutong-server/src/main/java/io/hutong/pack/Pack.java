package io.hutong.pack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A user's resource pack as stored, with what it means at a given moment. A timing pack's time
 * runs down only while it trains; an activity pack has no limit until its period ends.
 *
 * @param totalMillis purchased time of a timing pack
 * @param usedMillis time consumed by closed trainings
 * @param trainingStartedAt when the running training started, or null
 * @param deadline when the pack runs out if nothing changes, or null when it cannot run out now
 */
public record Pack(long id, long userId, String packName, DurationType durationType, PackStatus storedStatus,
        Long totalMillis, long usedMillis, Instant activityStart, Instant activityEnd, Instant buyTime,
        Long trainingUsageId, Instant trainingStartedAt, Instant deadline, List<PackNode> nodes) {

    /** The status at {@code now}: a pack whose deadline has passed is out of time even before the sweep records it. */
    public PackStatus status(Instant now) {
        if (storedStatus != PackStatus.OUT_OF_TIME && deadline != null && !now.isBefore(deadline)) {
            return PackStatus.OUT_OF_TIME;
        }
        return storedStatus;
    }

    /** Remaining time: a timing pack's unused seconds; an activity pack's time until its period ends. */
    public Duration remaining(Instant now) {
        if (status(now) == PackStatus.OUT_OF_TIME) {
            return Duration.ZERO;
        }
        if (deadline != null) {
            return Duration.between(now, deadline);
        }
        return durationType == DurationType.TIMING ? Duration.ofMillis(totalMillis - usedMillis) : Duration.ZERO;
    }

    /** Whether a training could start on it now (the {@code isFreeStatus} filter). */
    public boolean usable(Instant now) {
        return status(now) == PackStatus.FREE
                && (durationType == DurationType.TIMING ? remaining(now).compareTo(Duration.ZERO) > 0
                        : !now.isBefore(activityStart));
    }
}
