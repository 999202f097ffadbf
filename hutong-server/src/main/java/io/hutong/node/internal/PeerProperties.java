package io.hutong.node.internal;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Peers given as properties: {@code hutong.peers.<node-id>=<base-url>}. */
@ConfigurationProperties("hutong")
record PeerProperties(Map<String, String> peers) {

    PeerProperties {
        peers = peers == null ? Map.of() : Map.copyOf(peers);
    }
}
