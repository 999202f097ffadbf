package io.hutong.node;

/** Another node this node talks to, and how it speaks. */
public record Peer(String nodeId, String baseUrl, PeerDialect dialect) {
}
