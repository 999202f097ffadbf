package io.hutong.node;

import java.util.Optional;

/**
 * The nonce of a verified east-west call whose endpoint records it in the transaction of its own
 * work ({@link NonceInTransaction}): one commit for both, instead of one for the nonce first. For a
 * peer that repeats a call with the same nonce (FATE-Flow, after a timeout), the first answer is
 * kept, and an exact repeat gets it again instead of running twice.
 */
public interface CallNonce {

    /** An answer as it was sent. */
    record Answer(int status, String contentType, byte[] body) {
    }

    /** A call without a nonce to record, or one already recorded when it was verified. */
    CallNonce NONE = new CallNonce() {
        @Override
        public void record() {
        }

        @Override
        public void settle() {
        }
    };

    /**
     * Records the nonce in the current transaction.
     *
     * @throws io.hutong.web.ApiException when the nonce was used before, here or by another replica
     */
    void record();

    /**
     * Once the endpoint is done: records the nonce on its own if no transaction committed it (the
     * endpoint failed, or never recorded it), so that a replay is refused all the same.
     */
    void settle();

    /** The first answer to the same call, when this call is its exact repeat: it is answered so again. */
    default Optional<Answer> repeatOf() {
        return Optional.empty();
    }

    /** The answer the call got, for a repeat of it. */
    default void answered(Answer answer) {
    }
}
