package io.hutong.trust;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A key rotated while a job runs, and node-b, which enforces resource tokens for its datasets.
 * node-c forgets a rotated key at once (no overlap) and offers its card again every 500 ms, node-a
 * keeps a rotated key for the default overlap.
 */
class KeyRotationAndResourceTokensIT {

    private static final String STATUS = "/v1/interconn/schedule/job/status_all?job_id=job-unknown";
    private static final String HOST_DATASET = "urn:hutong:dataset:node-b:space#host_ids";

    private static Federation federation;

    @BeforeAll
    static void start() {
        federation = new Federation(Map.of("node-b", List.of("--hutong.trust.resource-tokens.enforce=true",
                "--hutong.trust.algorithm=SM2_SM3"), "node-c", List.of("--hutong.trust.rotation-overlap=0s", "--hutong.trust.announce-retry=500ms")));
        // the dataset node-b's tokens guard, which its host unit reads
        Api b = federation.api("node-b");
        Api.Response loaded = b.send(HttpRequest.newBuilder(URI.create(b.base() + "/api/datasets/space/host_ids"))
                .POST(HttpRequest.BodyPublishers.ofString("id\n1\n2\n")), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static Api a() {
        return federation.api("node-a");
    }

    private static Api b() {
        return federation.api("node-b");
    }

    @Test
    void aKeyRotatedInTheMiddleOfAJobTakesEffectAtOnceAndTheJobFinishes() {
        String jobId = create(a(), dag(List.of(component("slow", "Sleep"), component("after", "Noop", "slow"))),
                config("node-a", "callback", Map.of("common", Map.of("slow", Map.of("seconds", 2)))));
        await().atMost(Duration.ofSeconds(20)).until(() -> b().get("/v1/platform/schedule/task/get_log?task_id="
                + status(a(), jobId).path("task_ids").path("slow").asString() + "&log_level=info&start=0",
                NodeIT.ADMIN_TOKEN).data().path("data").asString().contains("sleeping"));
        String oldFingerprint = b().get("/admin/trust/card", NodeIT.ADMIN_TOKEN).data().path("fingerprint").asString();
        var signedWithOldKeyForA = federation.signedHeaders("node-b", "node-a", "GET", STATUS, "", h -> { });
        var signedWithOldKeyForC = federation.signedHeaders("node-b", "node-c", "GET", STATUS, "", h -> { });

        Api.Response rotated = b().post("/admin/trust/rotate", NodeIT.ADMIN_TOKEN, Map.of());
        assertThat(rotated.code()).as(rotated.text()).isEqualTo("General.Success");
        String newFingerprint = rotated.data().path("fingerprint").asString();
        assertThat(newFingerprint).isNotEqualTo(oldFingerprint);
        assertThat(rotated.data().path("announced").path("node-a").asString()).isEqualTo("accepted");
        assertThat(rotated.data().path("announced").path("node-c").asString()).isEqualTo("accepted");

        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).as(state.toString()).isEqualTo("SUCCESS");
        JsonNode nodeBAtA = peer(a(), "node-b");
        assertThat(nodeBAtA.path("fingerprint").asString()).isEqualTo(newFingerprint);
        assertThat(nodeBAtA.path("previous_fingerprint").asString()).isEqualTo(oldFingerprint);
        assertThat(nodeBAtA.path("previous_valid_until").asString()).isNotBlank();
        // node-a still accepts the old key during its overlap; node-c, without one, no longer does
        assertThat(federation.send("node-a", "GET", STATUS, "", signedWithOldKeyForA).status()).isEqualTo(404);
        Api.Response refused = federation.send("node-c", "GET", STATUS, "", signedWithOldKeyForC);
        assertThat(refused.status()).as(refused.text()).isEqualTo(401);
        assertThat(refused.json().path("msg").asString()).contains("[bad_signature]");
        assertThat(federation.eastWest("node-b", "node-c", "GET", STATUS, "", h -> { }).status()).isEqualTo(404);
    }

    @Test
    void aPeerThatWasDownWhenTheKeyRotatedTakesTheCardOnceItIsBack() {
        federation.stop("node-c");
        Api.Response rotated = a().post("/admin/trust/rotate", NodeIT.ADMIN_TOKEN, Map.of());
        assertThat(rotated.code()).as(rotated.text()).isEqualTo("General.Success");
        String newFingerprint = rotated.data().path("fingerprint").asString();
        assertThat(rotated.data().path("announced").path("node-b").asString()).isEqualTo("accepted");
        assertThat(rotated.data().path("announced").path("node-c").asString()).startsWith("not delivered yet");
        assertThat(peer(a(), "node-c").path("card_announcement").asString()).startsWith("pending: ");

        federation.start("node-c");

        Api c = federation.api("node-c");
        await().atMost(Duration.ofSeconds(30)).until(() -> newFingerprint.equals(peer(c, "node-a").path("fingerprint")
                .asString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> nothingPending(a(), "node-c"));
        assertThat(federation.eastWest("node-a", "node-c", "GET", STATUS, "", h -> { }).status()).isEqualTo(404);
    }

    @Test
    void aPeerThatMissedTheCardForTheWholeOverlapIsLeftToItsAdministrator() {
        federation.stop("node-b");
        Api c = federation.api("node-c");
        Api.Response rotated = c.post("/admin/trust/rotate", NodeIT.ADMIN_TOKEN, Map.of());
        assertThat(rotated.code()).as(rotated.text()).isEqualTo("General.Success");
        assertThat(rotated.data().path("announced").path("node-b").asString()).startsWith("not delivered yet");

        // node-c keeps no overlap: its old key no longer signs, so it cannot prove its card to anyone
        for (String peer : List.of("node-a", "node-b")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> peer(c, peer).path("card_announcement").asString()
                    .startsWith("not delivered; import the card there by hand: "));
        }

        federation.start("node-b");
        Federation.importCard(a(), Federation.card(c));
        Federation.importCard(b(), Federation.card(c));
        assertThat(federation.eastWest("node-c", "node-b", "GET", STATUS, "", h -> { }).status()).isEqualTo(404);
        // the card is still offered, now signed with the new key, which the peers know once imported
        for (String peer : List.of("node-a", "node-b")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> nothingPending(c, peer));
        }
    }

    @Test
    void privateKeysAreStoredEncrypted() {
        List<Map<String, Object>> keys = federation.node("node-b").getBean(JdbcClient.class)
                .sql("select algorithm, private_key from trust_node_key").query().listOfRows();
        assertThat(keys).isNotEmpty();
        for (Map<String, Object> key : keys) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf((String) key.get("algorithm"));
            assertThatThrownBy(() -> algorithm.decodePrivateKey((byte[]) key.get("private_key")))
                    .isInstanceOf(GeneralSecurityException.class);
        }
    }

    private static boolean nothingPending(Api node, String peerId) {
        JsonNode pending = peer(node, peerId).path("card_announcement");
        return pending.isNull() || pending.isMissingNode();
    }

    private static JsonNode peer(Api node, String peerId) {
        for (JsonNode peer : node.get("/admin/trust/peers", NodeIT.ADMIN_TOKEN).data()) {
            if (peer.path("node_id").asString().equals(peerId)) {
                return peer;
            }
        }
        throw new AssertionError("no peer " + peerId);
    }

    private static Map<String, Object> usingTheHostDataset() {
        return config("node-a", "callback", Map.of("host", Map.of("0", Map.of("c1", Map.of("dataset_id",
                "space#host_ids")))));
    }

    @Test
    void aJobUsingAHoldersDatasetIsRejectedWithoutATokenAndApprovedOnceItIsGranted() {
        String refusedJob = create(a(), dag(List.of(component("c1", "Noop"))), usingTheHostDataset());
        JsonNode refused = awaitEnd(a(), refusedJob);
        assertThat(refused.path("job_status").asString()).isEqualTo("REJECTED");
        assertThat(refused.path("reason").asString()).contains("node-b")
                .contains("no valid resource token from node-a for " + HOST_DATASET + " (none was sent)");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(b().get(
                "/v1/platform/schedule/job/query_job_list", NodeIT.ADMIN_TOKEN).data().path("job_list")
                .path(refusedJob).asString()).isEqualTo("REJECTED"));

        Api.Response granted = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("dataset_id", "space#host_ids", "grantee", "node-a", "level", "use"));
        assertThat(granted.code()).as(granted.text()).isEqualTo("General.Success");
        assertThat(granted.data().path("delivered").asBoolean()).as(granted.text()).isTrue();
        String tokenId = granted.data().path("grant").path("id").asString();
        assertThat(granted.data().path("grant").path("urn").asString()).isEqualTo(HOST_DATASET);
        assertThat(a().get("/admin/trust/tokens/received", NodeIT.ADMIN_TOKEN).data().findValuesAsString("id"))
                .contains(tokenId);

        String approvedJob = create(a(), dag(List.of(component("c1", "Noop"))), usingTheHostDataset());
        assertThat(awaitEnd(a(), approvedJob).path("result").asString()).isEqualTo("SUCCESS");

        Api.Response revoked = b().delete("/admin/trust/tokens/" + tokenId, NodeIT.ADMIN_TOKEN);
        assertThat(revoked.data().path("status").asString()).as(revoked.text()).isEqualTo("REVOKED");
        String afterRevocation = create(a(), dag(List.of(component("c1", "Noop"))), usingTheHostDataset());
        JsonNode rejectedAgain = awaitEnd(a(), afterRevocation);
        assertThat(rejectedAgain.path("job_status").asString()).isEqualTo("REJECTED");
        assertThat(rejectedAgain.path("reason").asString()).contains("token " + tokenId + " was revoked");
    }

    @Test
    void aTokenForAnotherNodeDoesNotLetTheRequesterIn() {
        Api.Response forC = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("urn", HOST_DATASET, "grantee", "node-c"));
        assertThat(forC.data().path("delivered").asBoolean()).as(forC.text()).isTrue();
        String token = forC.data().path("grant").path("token").asString();
        // node-a got hold of node-c's token: importing it is refused, and presenting it would not help
        Api.Response imported = a().post("/admin/trust/tokens/received", NodeIT.ADMIN_TOKEN, Map.of("token", token));
        assertThat(imported.code()).isEqualTo("General.ParameterInvalid");
        assertThat(imported.json().path("msg").asString()).contains("token").contains("granted to node-c");
    }

    @Test
    void badTokenRequestsNameTheFieldAndTheRule() {
        Api.Response both = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("urn", HOST_DATASET, "dataset_id", "x", "grantee", "node-a"));
        assertThat(both.json().path("data").path("ruleViolated").path("urn").get(0).asString())
                .isEqualTo("exactlyOneOf(urn,dataset_id)");
        Api.Response slash = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("dataset_id", "a/b", "grantee", "node-a"));
        assertThat(slash.json().path("data").path("ruleViolated").has("urn")).as(slash.text()).isTrue();
        Api.Response stranger = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("dataset_id", "x", "grantee", "node-z"));
        assertThat(stranger.json().path("data").path("ruleViolated").has("grantee")).as(stranger.text()).isTrue();
        Api.Response past = b().post("/admin/trust/tokens", NodeIT.ADMIN_TOKEN,
                Map.of("dataset_id", "x", "grantee", "node-a", "expires_at", "2020-01-01 00:00:00"));
        assertThat(past.json().path("data").path("ruleViolated").path("expires_at").get(0).asString()).isEqualTo("future");
        assertThat(b().delete("/admin/trust/tokens/rt-none", NodeIT.ADMIN_TOKEN).code()).isEqualTo("General.NotFound");
    }
}
