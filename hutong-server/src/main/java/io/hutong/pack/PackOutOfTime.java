package io.hutong.pack;

import java.time.Instant;

/**
 * A pack ran out: its seconds are used up or its activity period ended. Work running on it must
 * stop; its usage record, if a training was running, is already closed at {@code at}.
 *
 * @param usageRecordId the training that was running, or null
 */
public record PackOutOfTime(long packId, long userId, Long usageRecordId, Instant at) {
}
