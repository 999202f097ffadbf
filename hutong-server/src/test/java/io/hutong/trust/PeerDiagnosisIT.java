package io.hutong.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.protocol.NodeCard;
import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /admin/trust/peers/{id}/diagnose against healthy, unreachable, unsigned and key-less peers. */
class PeerDiagnosisIT {

    private static Federation federation;

    @BeforeAll
    static void start() {
        // node-c forgets a replaced key at once, so a card it is told replaces node-a's real key outright
        federation = new Federation(Map.of("node-c", List.of("--hutong.trust.rotation-overlap=0s")));
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static Map<String, JsonNode> diagnose(String from, String peer) {
        Api.Response answer = federation.api(from).post("/admin/trust/peers/" + peer + "/diagnose", NodeIT.ADMIN_TOKEN,
                "{}");
        assertThat(answer.code()).as(answer.text()).isEqualTo("General.Success");
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        answer.data().forEach(check -> checks.put(check.path("check").asString(), check));
        return checks;
    }

    private static String result(Map<String, JsonNode> checks, String check) {
        return checks.get(check).path("result").asString();
    }

    @Test
    void aHealthyPeerPassesEveryCheckButPlainHttp() {
        Map<String, JsonNode> checks = diagnose("node-a", "node-b");
        assertThat(checks).containsOnlyKeys("reachability", "tls", "clock", "card", "signed-round-trip",
                "has-current-key");
        assertThat(result(checks, "tls")).isEqualTo("WARN");
        assertThat(checks.get("tls").path("detail").asString()).contains("plain HTTP");
        assertThat(checks.values()).filteredOn(check -> !check.path("check").asString().equals("tls"))
                .allSatisfy(check -> assertThat(check.path("result").asString()).as(check.toString()).isEqualTo("PASS"));
        String fingerprint = federation.api("node-a").get("/admin/trust/card", NodeIT.ADMIN_TOKEN).data()
                .path("fingerprint").asString();
        assertThat(checks.get("has-current-key").path("detail").asString()).contains(fingerprint);
        assertThat(checks.get("clock").path("detail").asString()).contains("in step");
    }

    @Test
    void aPeerThatLostThisNodesKeyFailsTheSignedRoundTrip() throws Exception {
        // node-c is told a key of node-a that node-a does not hold
        Api c = federation.api("node-c");
        JsonNode real = Federation.card(federation.api("node-a"));
        NodeCard impostor = NodeCard.of("node-a", real.path("base_url").asString(), SignatureAlgorithm.SHA256_ECDSA,
                SignatureAlgorithm.SHA256_ECDSA.generateKeyPair().getPublic());
        Federation.importCard(c, Api.JSON.valueToTree(impostor));
        try {
            Map<String, JsonNode> checks = diagnose("node-a", "node-c");
            assertThat(result(checks, "reachability")).isEqualTo("PASS");
            assertThat(result(checks, "card")).isEqualTo("PASS");
            assertThat(result(checks, "signed-round-trip")).isEqualTo("FAIL");
            assertThat(checks.get("signed-round-trip").path("detail").asString()).contains("[bad_signature]");
            assertThat(result(checks, "has-current-key")).isEqualTo("FAIL");
            assertThat(checks.get("has-current-key").path("detail").asString()).contains("import this node's card");
        } finally {
            Federation.importCard(c, real);
        }
        assertThat(result(diagnose("node-a", "node-c"), "has-current-key")).isEqualTo("PASS");
    }

    @Test
    void anUnreachablePeerFailsReachabilityWithTheCauseAndSkipsTheRest() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Api a = federation.api("node-a");
        assertThat(a.put("/admin/peers/node-gone", NodeIT.ADMIN_TOKEN, Map.of("baseUrl", "http://127.0.0.1:" + closed))
                .code()).isEqualTo("General.Success");
        Map<String, JsonNode> checks = diagnose("node-a", "node-gone");
        assertThat(result(checks, "reachability")).isEqualTo("FAIL");
        assertThat(checks.get("reachability").path("detail").asString()).contains("127.0.0.1:" + closed)
                .containsIgnoringCase("refused");
        assertThat(checks.values()).filteredOn(check -> !check.path("check").asString().equals("reachability"))
                .allSatisfy(check -> assertThat(check.path("detail").asString()).startsWith("not checked"));
    }

    @Test
    void aKusciaPeerIsCheckedForReachabilityTlsAndClockOnly() {
        Api a = federation.api("node-a");
        assertThat(a.put("/admin/peers/node-k", NodeIT.ADMIN_TOKEN, Map.of("baseUrl", federation.api("node-c").base()))
                .code()).isEqualTo("General.Success");
        assertThat(a.put("/admin/trust/peers/node-k/dialect", NodeIT.ADMIN_TOKEN, Map.of("dialect", "kuscia")).code())
                .isEqualTo("General.Success");
        Map<String, JsonNode> checks = diagnose("node-a", "node-k");
        assertThat(result(checks, "reachability")).isEqualTo("PASS");
        assertThat(result(checks, "clock")).isEqualTo("PASS");
        assertThat(checks.get("signed-round-trip").path("detail").asString()).contains("kuscia peer signs nothing");
    }

    @Test
    void anUnknownPeerIsNotFoundInTheAdminEnvelope() {
        Api.Response answer = federation.api("node-a").post("/admin/trust/peers/node-nobody/diagnose",
                NodeIT.ADMIN_TOKEN, "{}");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.code()).startsWith("General.");
        assertThat(answer.json().path("msg").asString()).contains("node-nobody is not a peer");
    }
}
