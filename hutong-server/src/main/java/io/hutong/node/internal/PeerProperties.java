package io.hutong.node.internal;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node knows and calls its peers.
 *
 * @param peers peers given as properties: {@code hutong.peers.<node-id>=<base-url>}
 * @param trust {@code hutong.trust.ssl-bundle}: the SSL bundle whose trust store checks https peers and
 *     whose key store answers peers that ask for a client certificate; unset: the JDK's defaults
 */
@ConfigurationProperties("hutong")
public record PeerProperties(Map<String, String> peers, @DefaultValue Trust trust) {

    public record Trust(String sslBundle) {
    }


    public PeerProperties {
        peers = peers == null ? Map.of() : Map.copyOf(peers);
    }
}
