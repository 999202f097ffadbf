package io.hutong.trust;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.protocol.TestPki;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three nodes that speak only https and ask every caller for a certificate of the federation's
 * CA (Spring Boot SSL bundles, server.ssl.bundle and hutong.trust.ssl-bundle): a job runs, and a
 * client without a certificate is not let in.
 */
class PeerTlsIT {

    @Test
    void aJobRunsOverMutualTlsAndCallersWithoutACertificateAreNotServed() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/it-data/tls-" + UUID.randomUUID()).toAbsolutePath());
        TestPki ca = TestPki.ca("Hutong TLS CA", SignatureAlgorithm.SHA256_ECDSA);
        Path caFile = Files.writeString(dir.resolve("ca.pem"), TestPki.pem(ca.certificate()));
        Map<String, List<String>> args = new LinkedHashMap<>();
        for (String node : Federation.IDS) {
            KeyPair key = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair();
            Path certificate = Files.writeString(dir.resolve(node + ".crt"),
                    TestPki.pem(ca.issue(node, key.getPublic(), "127.0.0.1")));
            Path privateKey = Files.writeString(dir.resolve(node + ".key"), TestPki.pem(key.getPrivate()));
            args.put(node, List.of("--spring.ssl.bundle.pem.peers.keystore.certificate=file:" + certificate,
                    "--spring.ssl.bundle.pem.peers.keystore.private-key=file:" + privateKey));
        }
        KeyPair clientKey = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair();
        SSLContext client = context(ca, clientKey, ca.issue("test-client", clientKey.getPublic()));
        try (Federation federation = new Federation(client, args,
                "--spring.ssl.bundle.pem.peers.truststore.certificate=file:" + caFile,
                "--server.ssl.bundle=peers", "--server.ssl.client-auth=need", "--hutong.trust.ssl-bundle=peers")) {
            for (String node : Federation.IDS) {
                assertThat(Federation.card(federation.api(node)).path("base_url").asString()).startsWith("https://");
            }
            String jobId = create(federation.api("node-a"), dag(List.of(component("c1", "Noop"),
                    component("c2", "Noop", "c1"), component("c3", "Noop", "c1"), component("c4", "Noop", "c2", "c3"))),
                    config("node-a", "callback", Map.of()));
            JsonNode state = awaitEnd(federation.api("node-a"), jobId);
            assertThat(state.path("result").asString()).as(state.toString()).isEqualTo("SUCCESS");
            assertThat(status(federation.api("node-c"), jobId)).isEqualTo(state);

            JsonNode tls = federation.api("node-a").post("/admin/trust/peers/node-b/diagnose", NodeIT.ADMIN_TOKEN, "{}")
                    .data().get(1);
            assertThat(tls.path("check").asString()).isEqualTo("tls");
            assertThat(tls.path("result").asString()).as(tls.toString()).isEqualTo("PASS");
            assertThat(tls.path("detail").asString()).startsWith("TLSv1.").contains("CN=node-b");

            SSLContext noCertificate = context(ca, null, null);
            Api anonymous = new Api(federation.api("node-b").base(), noCertificate);
            assertThatThrownBy(() -> anonymous.get("/v1/interconn/node/card", null)).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Trusts the CA; presents {@code certificate} when given. */
    private static SSLContext context(TestPki ca, KeyPair key, java.security.cert.X509Certificate certificate)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (key != null) {
            keys.setKeyEntry("client", key.getPrivate(), new char[0], new Certificate[] {certificate});
        }
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
