package io.hutong.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CertificatesTest {

    @ParameterizedTest
    @EnumSource(names = {"SHA256_RSA", "SHA256_ECDSA", "SM2_SM3"})
    void aChainFromTheConfiguredCaIsAcceptedAndItsLeafSigns(SignatureAlgorithm algorithm) throws Exception {
        TestPki ca = TestPki.ca("Federation CA", algorithm);
        var node = algorithm.generateKeyPair();
        var leaf = ca.issue("node-a", node.getPublic());
        List<java.security.cert.X509Certificate> chain = Certificates.readPem(TestPki.pem(leaf));
        Certificates.check(chain, List.of(ca.certificate()), new Date(), "node-a");

        NodeCard card = NodeCard.of("node-a", "https://a", chain);
        assertThat(card.certificates()).hasSize(1);
        var key = Certificates.readPrivateKey(TestPki.pem(node.getPrivate()), algorithm);
        String signature = RequestSignature.sign(key, SignatureVectorsTest.POST);
        assertThat(RequestSignature.verify(card.publicKey(), signature, SignatureVectorsTest.POST)).isTrue();
    }

    @Test
    void chainsOfAnotherCaExpiredOnesAndOnesNamingAnotherNodeAreRefused() {
        TestPki ca = TestPki.ca("Federation CA", SignatureAlgorithm.SHA256_ECDSA);
        TestPki rogue = TestPki.ca("Rogue CA", SignatureAlgorithm.SHA256_ECDSA);
        var key = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair().getPublic();
        assertThatThrownBy(() -> Certificates.check(List.of(rogue.issue("node-a", key)), List.of(ca.certificate()),
                new Date(), "node-a")).hasMessageContaining("not issued by a configured CA");
        var expired = ca.issue("node-a", key, Instant.now().minus(Duration.ofDays(30)), Duration.ofDays(1));
        assertThatThrownBy(() -> Certificates.check(List.of(expired), List.of(ca.certificate()), new Date(), "node-a"))
                .hasMessageContaining("not valid now");
        assertThatThrownBy(() -> Certificates.check(List.of(ca.issue("node-b", key)), List.of(ca.certificate()),
                new Date(), "node-a")).hasMessageContaining("CN=node-b, not node-a");
    }
}
