package io.hutong.node;

/**
 * The node an east-west call came from; controllers of {@link EastWestApi} classes take it as a parameter.
 *
 * @param resourceTokens the call's {@code x-mprac-token-set}, as received; null when absent
 * @param nonce what an endpoint marked {@link NonceInTransaction} records in its transaction
 */
public record PeerCaller(String nodeId, String resourceTokens, CallNonce nonce) {

    public PeerCaller(String nodeId) {
        this(nodeId, null, CallNonce.NONE);
    }

    public PeerCaller(String nodeId, String resourceTokens) {
        this(nodeId, resourceTokens, CallNonce.NONE);
    }
}
