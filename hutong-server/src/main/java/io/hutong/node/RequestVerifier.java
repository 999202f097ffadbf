package io.hutong.node;

/**
 * Decides whether an incoming east-west call is accepted and which node made it. Throws an
 * {@link io.hutong.web.ApiException} saying why when it is refused.
 */
public interface RequestVerifier {

    PeerCaller verify(IncomingCall call);

    /**
     * As {@link #verify(IncomingCall)}, but a nonce new to this replica is left for the endpoint to
     * record in its transaction ({@link PeerCaller#nonce()}).
     */
    default PeerCaller verifyNonceLater(IncomingCall call) {
        return verify(call);
    }
}
