package io.hutong.trust;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.protocol.TestPki;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The diamond of four components across three nodes that sign every call with one algorithm. */
class SigningAlgorithmsIT {

    private static final List<Map<String, Object>> DIAMOND = List.of(component("c1", "Noop"),
            component("c2", "Noop", "c1"), component("c3", "Noop", "c1"), component("c4", "Noop", "c2", "c3"));

    @ParameterizedTest
    @EnumSource(names = {"SHA256_RSA", "SHA256_ECDSA", "SM2_SM3"})
    void aThreePartyJobRunsWithEveryCallSigned(SignatureAlgorithm algorithm) {
        try (Federation federation = new Federation("--hutong.trust.algorithm=" + algorithm)) {
            assertDiamondSucceeds(federation, algorithm);
        }
    }

    /** Each node holds a certificate of the federation's CA, each for a key of another type. */
    @Test
    void nodesWithCertificatesOfTheConfiguredCaRunAJobAndOtherCertificatesAreRefused() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/it-data/pki-" + UUID.randomUUID()));
        TestPki ca = TestPki.ca("Hutong federation CA", SignatureAlgorithm.SHA256_ECDSA);
        Path caFile = write(dir.resolve("ca.pem"), TestPki.pem(ca.certificate()));
        Map<String, SignatureAlgorithm> keyTypes = Map.of("node-a", SignatureAlgorithm.SHA256_RSA,
                "node-b", SignatureAlgorithm.SM2_SM3, "node-c", SignatureAlgorithm.SHA256_ECDSA);
        Map<String, List<String>> args = new LinkedHashMap<>();
        keyTypes.forEach((node, type) -> {
            var key = type.generateKeyPair();
            Path certificate = write(dir.resolve(node + ".pem"), TestPki.pem(ca.issue(node, key.getPublic())));
            Path privateKey = write(dir.resolve(node + ".key"), TestPki.pem(key.getPrivate()));
            args.put(node, List.of("--hutong.trust.certificate=" + certificate, "--hutong.trust.private-key=" + privateKey));
        });
        try (Federation federation = new Federation(args, "--hutong.trust.algorithm=CERT",
                "--hutong.trust.ca-certificates=" + caFile)) {
            assertDiamondSucceeds(federation, SignatureAlgorithm.CERT);

            TestPki rogue = TestPki.ca("Rogue CA", SignatureAlgorithm.SHA256_ECDSA);
            var key = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair();
            String rogueCard = Api.JSON.writeValueAsString(io.hutong.protocol.NodeCard.of("node-d",
                    "http://127.0.0.1:1", List.of(rogue.issue("node-d", key.getPublic()))));
            String impostorCard = Api.JSON.writeValueAsString(io.hutong.protocol.NodeCard.of("node-d",
                    "http://127.0.0.1:1", List.of(ca.issue("node-a", key.getPublic()))));
            Api a = federation.api("node-a");
            for (String card : List.of(rogueCard, impostorCard)) {
                Api.Response refused = a.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.base()
                        + "/admin/trust/peers")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(card)),
                        NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
                assertThat(refused.code()).as(refused.text()).isEqualTo("General.ParameterInvalid");
                assertThat(refused.json().path("msg").asString()).contains("certificate_chain");
            }
        }
    }

    private static void assertDiamondSucceeds(Federation federation, SignatureAlgorithm algorithm) {
        for (String node : Federation.IDS) {
            assertThat(Federation.card(federation.api(node)).path("algorithm").asString()).isEqualTo(algorithm.name());
            JsonNode peers = federation.api(node).get("/admin/trust/peers", NodeIT.ADMIN_TOKEN).data();
            assertThat(peers.findValuesAsString("algorithm")).containsOnly(algorithm.name()).hasSize(2);
        }
        String jobId = create(federation.api("node-a"), dag(DIAMOND), config("node-a", "callback", Map.of()));
        JsonNode state = awaitEnd(federation.api("node-a"), jobId);
        assertThat(state.path("result").asString()).as(state.toString()).isEqualTo("SUCCESS");
        state.path("status").forEach(task -> assertThat(task.asString()).isEqualTo("SUCCESS"));
        assertThat(state.path("status")).hasSize(4);
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
