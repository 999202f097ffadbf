package io.hutong.interconn.internal;

/**
 * The outbox stopped sending a message: it was sent too many times, the last one refused. The
 * message stays in {@code bfia_outbox} for operators, and no longer holds back its lane.
 *
 * @param error the last refusal, which names the message's path and the peer
 */
record MessageGivenUp(String jobId, int attempts, String error) {
}
