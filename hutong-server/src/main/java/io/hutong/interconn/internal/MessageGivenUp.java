package io.hutong.interconn.internal;

/**
 * The outbox stopped sending a message: the peer refused it too many times. The
 * message stays in {@code bfia_outbox} for operators, and no longer holds back its lane.
 *
 * @param error the last refusal, which names the message's path and the peer
 */
record MessageGivenUp(String jobId, int refusals, String error) {
}
