package io.hutong.node;

/**
 * Decides whether an incoming east-west call is accepted and which node made it. Throws an
 * {@link io.hutong.web.ApiException} saying why when it is refused.
 */
public interface RequestVerifier {

    PeerCaller verify(IncomingCall call);
}
