package io.hutong.node;

/** The node an east-west call came from; controllers of {@link EastWestApi} classes take it as a parameter. */
public record PeerCaller(String nodeId) {
}
