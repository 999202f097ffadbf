package io.hutong.node.internal;

import io.hutong.node.Peers;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Writes the peers of the configuration into the peer table at start; configuration wins over earlier edits. */
@Component
class ConfiguredPeers implements SmartInitializingSingleton {

    private final Peers peers;
    private final PeerProperties properties;

    ConfiguredPeers(Peers peers, PeerProperties properties) {
        this.peers = peers;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        properties.peers().forEach(peers::save);
    }
}
