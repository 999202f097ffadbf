package io.hutong.trust.internal;

import io.hutong.protocol.SignatureAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hutong.trust.*}.
 *
 * @param enabled false only for benchmarks and trials: calls go out unsigned and are let in on their word
 * @param algorithm what this node signs with; CERT takes {@code certificate} and {@code private-key}
 * @param timestampWindow how far a call's x-timestamp may be from this node's clock
 * @param rotationOverlap how long a peer's previous key still verifies after it rotated
 * @param certificate PEM chain of this node (CERT), leaf first, CN = the node id
 * @param privateKey PEM PKCS#8 key of the certificate (CERT)
 * @param caCertificates PEM of the CAs that CERT peers' chains must lead to
 * @param cacheTtl how long keys read from the database are trusted before another replica's change is read
 * @param announceRetry how often a rotated key's card is offered again to a peer that did not take it
 */
@ConfigurationProperties("hutong.trust")
record TrustProperties(@DefaultValue("true") boolean enabled, @DefaultValue("SHA256_ECDSA") SignatureAlgorithm algorithm,
        @DefaultValue("5m") Duration timestampWindow, @DefaultValue("10m") Duration rotationOverlap,
        Path certificate, Path privateKey, Path caCertificates, @DefaultValue("5s") Duration cacheTtl,
        @DefaultValue ResourceTokens resourceTokens, @DefaultValue("5s") Duration announceRetry) {

    /**
     * @param enforce whether this node rejects other nodes' jobs that use its datasets without a token
     * @param validity how long an issued token is valid when the request names no expiry
     */
    record ResourceTokens(@DefaultValue("false") boolean enforce, @DefaultValue("30d") Duration validity) {
    }
}
