package io.hutong.node;

/** Another node this node talks to. */
public record Peer(String nodeId, String baseUrl) {
}
