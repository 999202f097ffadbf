package io.hutong.node;

/**
 * The node an east-west call came from; controllers of {@link EastWestApi} classes take it as a parameter.
 *
 * @param resourceTokens the call's {@code x-mprac-token-set}, as received; null when absent
 */
public record PeerCaller(String nodeId, String resourceTokens) {

    public PeerCaller(String nodeId) {
        this(nodeId, null);
    }
}
