package io.hutong.trust.internal;

import io.hutong.node.LocalNode;
import io.hutong.node.Peers;
import io.hutong.node.RequestSigner;
import io.hutong.node.RequestVerifier;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Signing and strict verification of east-west calls, unless {@code hutong.trust.enabled=false}. */
@Configuration(proxyBeanMethods = false)
class TrustConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrustConfiguration.class);

    @Bean
    @ConditionalOnBooleanProperty(name = "hutong.trust.enabled", matchIfMissing = true)
    RequestSigner nodeSigner(NodeKeys keys, ObjectProvider<ResourceTokens> tokens) {
        return new NodeSigner(keys, tokens);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "hutong.trust.enabled", matchIfMissing = true)
    RequestVerifier strictVerifier(Peers peers, PeerKeys keys, NonceStore nonces, CallAnswers answers, LocalNode local,
            Clock clock, TrustProperties properties) {
        return new StrictVerifier(peers, keys, nonces, answers, local, clock, properties.timestampWindow());
    }

    /** With trust switched off the node still has a signer and a verifier, chosen by that setting and said so. */
    @Bean
    @ConditionalOnBooleanProperty(name = "hutong.trust.enabled", havingValue = false)
    RequestSigner unsignedCalls() {
        log.warn("hutong.trust.enabled=false: east-west calls go out unsigned and are let in on their "
                + "x-source-node-id alone. Never run a federation like this outside a benchmark or a trial.");
        return call -> { };
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "hutong.trust.enabled", havingValue = false)
    RequestVerifier unsignedVerifier() {
        return new UnsignedVerifier();
    }
}
