package io.hutong.interconn.internal;

/**
 * The outbox stopped sending a message: the peer refused it too many times. The
 * message stays in {@code bfia_outbox} for operators, and no longer holds back its lane.
 *
 * @param target the peer that refused it
 * @param path the message's east-west path
 * @param error the last refusal, which names the message's path and the peer
 */
record MessageGivenUp(String jobId, String target, String path, int refusals, String error) {
}
