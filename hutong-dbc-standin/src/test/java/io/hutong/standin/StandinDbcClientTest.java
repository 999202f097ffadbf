package io.hutong.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stand-in's own rules, seen from a plain HTTP client. */
class StandinDbcClientTest {

    private static final String NODE = "a".repeat(64);
    private static final Sr25519.KeyPair RENTER = Sr25519.fromSeed(HexFormat.of().parseHex("11".repeat(32)));
    private static final String WALLET = Ss58.encode(RENTER.publicKey());

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final StandinDbcClient standin = StandinDbcClient.builder().clock(clock).createDelay(Duration.ofMinutes(5))
            .transitionDelay(Duration.ofSeconds(10))
            .machine(StandinMachine.builder(NODE).image("ubuntu.qcow2").renter(WALLET).build()).start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        standin.close();
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(standin.baseUri() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JsonMapper.builder().build().readTree(response.body()));
    }

    private String signed(String additional) {
        String nonce = "nonce-" + System.nanoTime();
        return """
                {"peer_nodes_list": ["%s"], "additional": %s, "wallet": "%s", "nonce": "%s", "sign": "%s"}"""
                .formatted(NODE, additional, WALLET, nonce, HexFormat.of().formatHex(RENTER.sign(nonce)));
    }

    @Test
    void onlyPostAndWellFormedBodiesAreServed() throws Exception {
        assertThat(send("GET", "/api/v1/", "").json().path("message").path("client_version").asString())
                .isEqualTo(StandinDbcClient.VERSION);
        Answer get = send("GET", "/api/v1/tasks", "");
        assertThat(get.status()).isEqualTo(400);
        assertThat(get.json().path("errcode").asInt()).isEqualTo(-32600);
        Answer noAdditional = send("POST", "/api/v1/tasks", "{\"peer_nodes_list\": []}");
        assertThat(noAdditional.status()).isEqualTo(400);
        Answer unknown = send("POST", "/api/v1/nothing", signed("{}"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("errcode").asInt()).isEqualTo(-32601);
        Answer twoPart = send("POST", "/api/v1/tasks/foo/abc", signed("{}"));
        assertThat(twoPart.status()).isEqualTo(500);
        assertThat(twoPart.json().path("errcode").asInt()).isEqualTo(-32701);
        Answer undiscovered = send("POST", "/api/v1/tasks", signed("{}").replace(NODE, "b".repeat(64)));
        assertThat(undiscovered.status()).isEqualTo(400);
        assertThat(undiscovered.json().path("errcode").asInt()).isEqualTo(-32701);
    }

    @Test
    void numbersInAdditionalAreIgnoredAndAVmMovesThroughItsStatuses() throws Exception {
        String numbers = """
                {"image_name": "ubuntu.qcow2", "ssh_port": "20022", "vnc_port": "5901", "gpu_count": "1",
                 "cpu_cores": 8, "mem_size": "8", "disk_size": "10"}""";
        Answer rejected = send("POST", "/api/v1/tasks/start", signed(numbers));
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().path("errcode").asInt()).isEqualTo(1);
        assertThat(rejected.json().path("message").asString()).isEqualTo("cpu_cores is invalid");

        Answer created = send("POST", "/api/v1/tasks/start", signed(numbers.replace("8,", "\"8\",")));
        assertThat(created.json().path("message").path("status").asString()).isEqualTo("creating");
        String task = created.json().path("message").path("task_id").asString();
        Answer clash = send("POST", "/api/v1/tasks/start", signed(numbers.replace("8,", "\"8\",")));
        assertThat(clash.json().path("message").asString()).startsWith("port conflict");

        assertThat(send("POST", "/api/v1/snapshot/create/" + task, signed("{\"snapshot_name\": \"s1\"}"))
                .json().path("message").asString()).contains("powered-off");
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(send("POST", "/api/v1/tasks/" + task, signed("{}")).json().path("message").path("status")
                .asString()).isEqualTo("running");
        send("POST", "/api/v1/tasks/poweroff/" + task, signed("{}"));
        assertThat(send("POST", "/api/v1/tasks/" + task, signed("{}")).json().path("message").path("status")
                .asString()).isEqualTo("being poweroff");
        now.set(now.get().plus(Duration.ofSeconds(10)));
        assertThat(send("POST", "/api/v1/snapshot/create/" + task, signed("{\"snapshot_name\": \"s1\"}"))
                .json().path("message").asString()).isEqualTo("ok");
    }

    @Test
    void signaturesAndSessionIdsAreChecked() throws Exception {
        // the renter's own signature, over another nonce than the one sent (overwriting hex digits was
        // a no-op when the signature happened to start with them)
        String forgedBody = """
                {"peer_nodes_list": ["%s"], "additional": {}, "wallet": "%s", "nonce": "n1", "sign": "%s"}"""
                .formatted(NODE, WALLET, HexFormat.of().formatHex(RENTER.sign("n2")));
        Answer forged = send("POST", "/api/v1/tasks", forgedBody);
        assertThat(forged.json().path("errcode").asInt()).isEqualTo(-3);
        Sr25519.KeyPair stranger = Sr25519.fromSeed(HexFormat.of().parseHex("22".repeat(32)));
        String strangerBody = """
                {"peer_nodes_list": ["%s"], "additional": {}, "wallet": "%s", "nonce": "n", "sign": "%s"}"""
                .formatted(NODE, Ss58.encode(stranger.publicKey()), HexFormat.of().formatHex(stranger.sign("n")));
        assertThat(send("POST", "/api/v1/tasks", strangerBody).json().path("message").asString())
                .startsWith("wallet not rented");

        String session = send("POST", "/api/v1/mining_nodes/session_id", signed("{}")).json().path("message")
                .path("session_id").asString();
        String withSession = """
                {"peer_nodes_list": ["%s"], "additional": {}, "session_id": "%s", "session_id_sign": "%s"}""";
        assertThat(send("POST", "/api/v1/tasks", withSession.formatted(NODE, session,
                HexFormat.of().formatHex(RENTER.sign(session)))).json().path("errcode").asInt()).isZero();
        assertThat(send("POST", "/api/v1/tasks", withSession.formatted(NODE, session,
                HexFormat.of().formatHex(stranger.sign(session)))).json().path("message").asString())
                .isEqualTo("session_id is invalid");
    }
}
