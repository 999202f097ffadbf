package io.hutong.node;

/**
 * The nonce of a verified east-west call whose endpoint records it in the transaction of its own
 * work ({@link NonceInTransaction}): one commit for both, instead of one for the nonce first.
 */
public interface CallNonce {

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
}
