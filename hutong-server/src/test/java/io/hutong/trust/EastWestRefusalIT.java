package io.hutong.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.protocol.BfiaHeaders;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * node-b checks every east-west call strictly: one test per reason it refuses a call, each
 * answered in the BFIA envelope (401, the reason in brackets). The nodes sign with three
 * different algorithms and share one secret key, so that node-b can run a second replica.
 */
class EastWestRefusalIT {

    private static final String STATUS = "/v1/interconn/schedule/job/status_all?job_id=job-unknown";
    private static final String STOP = "/v1/interconn/schedule/job/stop_all";
    private static final String STOP_BODY = "{\"job_id\":\"job-unknown\"}";

    private static Federation federation;

    @BeforeAll
    static void start() {
        federation = new Federation(Map.of("node-a", List.of("--hutong.trust.algorithm=SM2_SM3"),
                "node-b", List.of("--hutong.trust.algorithm=SHA256_RSA"),
                "node-c", List.of("--hutong.trust.algorithm=SHA256_ECDSA")),
                "--hutong.secret-key=" + java.util.Base64.getEncoder().encodeToString(
                        "shared by the node replicas!!!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    /** Accepted calls get past the verifier: the unknown job is the only complaint. */
    private static void assertAccepted(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(404);
        assertThat(response.json().path("msg").asString()).contains("job-unknown");
    }

    private static void assertRefused(Api.Response response, String reason) {
        assertThat(response.status()).as(response.text()).isEqualTo(401);
        assertThat(response.json().path("code").asInt()).isEqualTo(401);
        assertThat(response.json().path("msg").asString()).startsWith("east-west call refused [" + reason + "]");
    }

    private static Api.Response get(String from, java.util.function.Consumer<Map<String, String>> tamper) {
        return federation.eastWest(from, "node-b", "GET", STATUS, "", tamper);
    }

    @Test
    void signedCallsOfEveryAlgorithmAreAccepted() {
        assertAccepted(get("node-a", headers -> { }));
        assertAccepted(get("node-c", headers -> { }));
        assertAccepted(federation.eastWest("node-b", "node-a", "GET", STATUS, "", headers -> { }));
        assertAccepted(federation.eastWest("node-a", "node-b", "POST", STOP, STOP_BODY, headers -> { }));
    }

    @Test
    void aCallWithoutSignatureIsRefused() {
        assertRefused(get("node-a", headers -> headers.remove(BfiaHeaders.AUTH_SIGN)), "no_signature");
    }

    @Test
    void aSignatureOfAnotherRequestIsRefused() {
        String other = federation.signedHeaders("node-a", "node-b", "GET", STATUS, "", h -> { })
                .get(BfiaHeaders.AUTH_SIGN);
        assertRefused(get("node-a", headers -> headers.put(BfiaHeaders.AUTH_SIGN, other)), "bad_signature");
        assertRefused(get("node-a", headers -> headers.put(BfiaHeaders.TRACE_ID, "changed")), "bad_signature");
        assertRefused(get("node-c", headers -> headers.put(BfiaHeaders.SOURCE_NODE_ID, "node-a")), "bad_signature");
    }

    @Test
    void anUnknownSourceNodeIsRefused() {
        assertRefused(get("node-a", headers -> headers.put(BfiaHeaders.SOURCE_NODE_ID, "node-x")), "unknown_source");
        assertRefused(get("node-a", headers -> headers.remove(BfiaHeaders.SOURCE_NODE_ID)), "missing_header");
    }

    @Test
    void aPeerWhoseCardWasNeverImportedIsRefused() {
        Api b = federation.api("node-b");
        Api.Response added = b.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.base()
                + "/admin/peers/node-d")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"baseUrl\":\"http://127.0.0.1:1\"}")), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "application/json"));
        assertThat(added.code()).as(added.text()).isEqualTo("General.Success");
        assertRefused(get("node-a", headers -> headers.put(BfiaHeaders.SOURCE_NODE_ID, "node-d")), "no_key");
    }

    @Test
    void aCallForAnotherNodeIsRefused() {
        var headers = federation.signedHeaders("node-a", "node-c", "GET", STATUS, "", h -> { });
        assertRefused(federation.send("node-b", "GET", STATUS, "", headers), "wrong_target");
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsRefused() {
        long now = TestClockConfiguration.CLOCK.millis();
        for (long sent : List.of(now - Duration.ofMinutes(5).plusSeconds(1).toMillis(),
                now + Duration.ofMinutes(5).plusSeconds(1).toMillis())) {
            var headers = federation.signedHeaders("node-a", "node-b", "GET", STATUS, "",
                    h -> h.put(BfiaHeaders.TIMESTAMP, Long.toString(sent)));
            assertRefused(federation.send("node-b", "GET", STATUS, "", headers), "timestamp");
        }
        var withinWindow = federation.signedHeaders("node-a", "node-b", "GET", STATUS, "",
                h -> h.put(BfiaHeaders.TIMESTAMP, Long.toString(now - Duration.ofMinutes(4).toMillis())));
        assertAccepted(federation.send("node-b", "GET", STATUS, "", withinWindow));
    }

    @Test
    void aNonceSeenBeforeIsRefused() {
        var headers = federation.signedHeaders("node-c", "node-b", "GET", STATUS, "", h -> { });
        assertAccepted(federation.send("node-b", "GET", STATUS, "", headers));
        assertRefused(federation.send("node-b", "GET", STATUS, "", headers), "replayed_nonce");
    }

    /** A message's nonce is recorded in the transaction of its work, and refused the same. */
    @Test
    void aMessageSentAgainWithItsNonceIsRefused() {
        var headers = federation.signedHeaders("node-c", "node-b", "POST", STOP, STOP_BODY, h -> { });
        assertAccepted(federation.send("node-b", "POST", STOP, STOP_BODY, headers));
        assertRefused(federation.send("node-b", "POST", STOP, STOP_BODY, headers), "replayed_nonce");
        federation.stop("node-b");
        federation.start("node-b");
        assertRefused(federation.send("node-b", "POST", STOP, STOP_BODY, headers), "replayed_nonce");
    }

    @Test
    void aPostWithoutCsrfProtectionIsRefused() {
        assertRefused(federation.eastWest("node-a", "node-b", "POST", STOP, STOP_BODY,
                headers -> headers.remove(BfiaHeaders.CSRF_PROTECTION)), "no_csrf_protection");
    }

    @Test
    void aBodyThatIsNotTheSignedOneIsRefused() {
        var headers = federation.signedHeaders("node-a", "node-b", "POST", STOP, STOP_BODY, h -> { });
        assertRefused(federation.send("node-b", "POST", STOP, "{\"job_id\":\"job-other\"}", headers), "body_digest");
    }

    @Test
    void aReplayIsRefusedAfterTheNodeRestarted() {
        var headers = federation.signedHeaders("node-a", "node-b", "GET", STATUS, "", h -> { });
        assertAccepted(federation.send("node-b", "GET", STATUS, "", headers));
        federation.stop("node-b");
        federation.start("node-b");
        assertRefused(federation.send("node-b", "GET", STATUS, "", headers), "replayed_nonce");
        assertAccepted(get("node-a", fresh -> { }));
    }

    @Test
    void aReplayIsRefusedByTheOtherReplicaOfTheNode() {
        ConfigurableApplicationContext replica = federation.startReplica("node-b");
        try {
            Api replicaApi = new Api(io.hutong.support.Nodes.port(replica));
            var headers = federation.signedHeaders("node-c", "node-b", "POST", STOP, STOP_BODY, h -> { });
            assertAccepted(federation.send("node-b", "POST", STOP, STOP_BODY, headers));
            Api.Response replayed = replicaApi.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    replicaApi.base() + STOP)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(STOP_BODY)), null,
                    withJson(headers));
            assertRefused(replayed, "replayed_nonce");
        } finally {
            replica.close();
        }
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    @Test
    void aRemovedPeerIsRefusedAtOnceAndWelcomeAgainWithItsCard() {
        Api b = federation.api("node-b");
        assertThat(b.delete("/admin/peers/node-c", NodeIT.ADMIN_TOKEN).code()).isEqualTo("General.Success");
        assertRefused(get("node-c", headers -> { }), "unknown_source");
        Federation.importCard(b, Federation.card(federation.api("node-c")));
        assertAccepted(get("node-c", headers -> { }));
    }

    @Test
    void onlyAPeerMarkedUnsignedIsLetInUnsignedWithItsDialect() {
        Api b = federation.api("node-b");
        long seconds = TestClockConfiguration.CLOCK.millis() / 1000;
        // FATE-Flow's underscores, Kuscia's seconds, no signature, nonce, target or CSRF header
        Map<String, String> dialect = Map.of("x_node_id", "node-c", "x_timestamp", Long.toString(seconds));
        assertRefused(federation.send("node-b", "GET", STATUS, "", dialect), "missing_header");
        try {
            assertThat(mark(b, "node-c", true).path("unsigned").asBoolean()).isTrue();
            assertAccepted(federation.send("node-b", "GET", STATUS, "", dialect));
            assertAccepted(federation.send("node-b", "POST", STOP, STOP_BODY, dialect));
            assertRefused(federation.send("node-b", "GET", STATUS, "", Map.of("x_node_id", "node-c", "x_timestamp",
                    Long.toString(seconds - 3600))), "timestamp");
            assertRefused(federation.send("node-b", "GET", STATUS, "", Map.of("x_node_id", "node-c", "x_timestamp",
                    Long.toString(seconds), "x-target-node-id", "node-a")), "wrong_target");
            Map<String, String> withNonce = Map.of("x_node_id", "node-c", "x_timestamp", Long.toString(seconds),
                    "x_nonce", "fate-nonce-1");
            Api.Response first = federation.send("node-b", "GET", STATUS, "", withNonce);
            assertAccepted(first);
            // FATE-Flow repeats a call with its nonce after a timeout: the exact repeat gets the first answer again
            Api.Response repeat = federation.send("node-b", "GET", STATUS, "", withNonce);
            assertThat(repeat.status()).isEqualTo(first.status());
            assertThat(repeat.text()).isEqualTo(first.text());
            // another call under the same nonce is a replay
            assertRefused(federation.send("node-b", "POST", STOP, STOP_BODY, withNonce), "replayed_nonce");
            assertRefused(federation.send("node-b", "GET", STATUS, "", Map.of("x_node_id", "node-a", "x_timestamp",
                    Long.toString(seconds))), "missing_header");
        } finally {
            mark(b, "node-c", false);
        }
        assertRefused(federation.send("node-b", "GET", STATUS, "", Map.of("x_node_id", "node-c", "x_timestamp",
                Long.toString(seconds * 1000), "x-target-node-id", "node-b", "x-nonce", "n-2")), "no_signature");
        assertAccepted(get("node-c", headers -> { }));
    }

    private static tools.jackson.databind.JsonNode mark(Api node, String peer, boolean unsigned) {
        Api.Response marked = node.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base()
                + "/admin/trust/peers/" + peer + "/unsigned")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"unsigned\":" + unsigned + "}")), NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
        assertThat(marked.code()).as(marked.text()).isEqualTo("General.Success");
        return marked.data();
    }
}
