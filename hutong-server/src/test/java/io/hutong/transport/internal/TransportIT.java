package io.hutong.transport.internal;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.BfiaJobsFixture;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.web.TransportOutbound;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Containers of node-a and node-b exchange messages through their nodes, in Kuscia's form (raw
 * body, x-ptp headers, protobuf answers) and in the standard's JSON form. node-b takes messages of
 * at most 1 KB and ends other asynchronous requests after 1 s; node-c lets in only containers that
 * present their task's token.
 */
class TransportIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Federation federation;

    @BeforeAll
    static void start() {
        federation = new Federation(Map.of("node-b", List.of("--hutong.transport.max-message=1KB",
                "--spring.mvc.async.request-timeout=1s"), "node-c", List.of("--hutong.transport.trusted-addresses=192.0.2.1")));
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    /** A container's call to its node: the raw message and x-ptp headers; the answer decoded. */
    private static TransportOutbound call(String node, String op, String session, String peer, String topic,
            String query, byte[] body, Map<String, String> extra) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(federation.api(node).base()
                + "/v1/interconn/chan/" + op + (query == null ? "" : "?" + query)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("x-ptp-trace-id", "it")
                .header("x-ptp-tech-provider-code", "hutong").header("Content-Type", "application/octet-stream");
        if (session != null) {
            request.header("x-ptp-session-id", session);
        }
        if (peer != null) {
            request.header("x-ptp-target-node-id", peer);
        }
        if (topic != null) {
            request.header("x-ptp-topic", topic);
        }
        extra.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(TransportOutbound.PROTOBUF);
        return TransportOutbound.fromProtobuf(response.body());
    }

    private static TransportOutbound call(String node, String op, String session, String peer, String topic,
            String query, byte[] body) throws Exception {
        return call(node, op, session, peer, topic, query, body, Map.of());
    }

    private static JsonNode callJson(String node, String op, String session, String peer, Map<String, Object> body)
            throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(federation.api(node).base()
                        + "/v1/interconn/chan/" + op)).header("Content-Type", "application/json")
                .header("x-ptp-session-id", session).header("x-ptp-target-node-id", peer)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * A transport session its nodes take messages into: a task (its id is the session) whose units
     * run at node-a, node-b and node-c, a Sleep that waits long enough for any test.
     */
    private static String session() {
        String jobId = create(federation.api("node-a"), dag(List.of(component("s", "Sleep"))),
                config("node-a", "callback", Map.of("common", Map.of("s", Map.of("seconds", 300)))));
        String task = await().atMost(Duration.ofSeconds(30)).until(() -> BfiaJobsFixture.status(federation.api("node-a"),
                jobId).path("task_ids").path("s").asString(""), id -> !id.isEmpty());
        for (String node : Federation.IDS) {
            await().atMost(Duration.ofSeconds(30)).until(() -> unitRunning(node, task));
        }
        return task;
    }

    private static boolean unitRunning(String node, String task) {
        return federation.node(node).getBean(JdbcClient.class).sql("select exists (select 1 from bfia_task_unit "
                + "where task_id = ? and node_id = ? and status = 'RUNNING')").params(task, node).query(Boolean.class)
                .single();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessagePushedAtOneNodeIsPoppedAtThePeersNodeFromTheSendersQueue() throws Exception {
        String session = session();
        byte[] message = new byte[700];
        new java.util.Random(7).nextBytes(message);

        TransportOutbound pushed = call("node-a", "push", session, "node-b", "guest-host", null, message);
        assertThat(pushed.code()).as(pushed.message()).isEqualTo("E0000000000");

        // node-b's container reads what node-a sent: x-ptp-target-node-id names the sender
        assertThat(call("node-b", "pop", session, "node-c", "guest-host", "timeout=0", new byte[0]).payload()).isEmpty();
        assertThat(call("node-b", "peek", session, "node-a", "guest-host", null, new byte[0]).payload()).isEqualTo(message);
        TransportOutbound popped = call("node-b", "pop", session, "node-a", "guest-host", "timeout=1", new byte[0]);
        assertThat(popped.code()).isEqualTo("E0000000000");
        assertThat(popped.payload()).isEqualTo(message);
        assertThat(call("node-b", "pop", session, "node-a", "guest-host", "timeout=1", new byte[0]).payload()).isEmpty();
    }

    @Test
    void aKusciaNodesInvokeCarriesItsSessionAndTopicInHeaders() throws Exception {
        // Kuscia signs nothing and names itself in x-ptp-source-node-id: let in once marked unsigned
        Api b = federation.api("node-b");
        assertThat(b.send(HttpRequest.newBuilder(URI.create(b.base() + "/admin/peers/node-kuscia"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"baseUrl\": \"http://127.0.0.1:9\"}")), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "application/json")).code()).isEqualTo("General.Success");
        assertThat(b.send(HttpRequest.newBuilder(URI.create(b.base() + "/admin/trust/peers/node-kuscia/unsigned"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"unsigned\": true}")), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "application/json")).code()).isEqualTo("General.Success");
        String session = kusciaTaskAtNodeB();
        Map<String, String> kuscia = Map.of("x-ptp-source-node-id", "node-kuscia", "x-ptp-version", "1",
                "x-ptp-uri", "https://ptp.cn/v1/interconn/chan/push");

        var invoked = call("node-b", "invoke", session, "node-b", "alice-bob", null, bytes("from kuscia"), kuscia);
        assertThat(invoked.code()).as(invoked.message()).isEqualTo("E0000000000");
        assertThat(call("node-b", "pop", session, "node-kuscia", "alice-bob", "timeout=1", new byte[0]).payload())
                .isEqualTo(bytes("from kuscia"));

        var disagreeing = call("node-b", "invoke", session, "node-b", "alice-bob", "topic=other", bytes("x"), kuscia);
        assertThat(disagreeing.code()).isEqualTo("E0000000400");
        assertThat(disagreeing.message()).isEqualTo("x-ptp-topic: equals(the signed topic other)");
    }

    /** A task that node-kuscia schedules, with node-b as host: node-b's unit of it runs. */
    private static String kusciaTaskAtNodeB() {
        String job = "job-" + UUID.randomUUID().toString().replace("-", "");
        String task = "task_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-kuscia"),
                "role", Map.of("guest", List.of("node-kuscia"), "host", List.of("node-b")),
                "job_params", Map.of("common", Map.of()),
                "task_params", Map.of("common", Map.of("s", Map.of("seconds", 300))));
        fromKuscia("job/create", Map.of("job_id", job, "dag", dag(List.of(component("s", "Sleep"))), "config", config));
        Api b = federation.api("node-b");
        assertThat(b.post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN, Map.of("job_id", job, "status",
                "READY")).json().path("code").asInt()).isZero();
        fromKuscia("job/start", Map.of("job_id", job));
        fromKuscia("task/start", Map.of("job_id", job, "task_id", task, "task_name", "s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> unitRunning("node-b", task));
        return task;
    }

    private static void fromKuscia(String path, Map<String, Object> body) {
        Api b = federation.api("node-b");
        Api.Response answer = b.send(HttpRequest.newBuilder(URI.create(b.base() + "/v1/interconn/schedule/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), null,
                Map.of("Content-Type", "application/json", "x-source-node-id", "node-kuscia"));
        assertThat(answer.json().path("code").asInt()).as(path + ": " + answer.text()).isZero();
    }

    @Test
    void aPeerHandsMessagesOnlyIntoSessionsOfTasksItTakesPartIn() throws Exception {
        // a job of node-a and node-b only: node-c takes no part in it
        String jobId = create(federation.api("node-a"), dag(List.of(component("s", "Sleep"))),
                Map.of("initiator", Map.of("role", "guest", "node_id", "node-a"),
                        "role", Map.of("guest", List.of("node-a"), "host", List.of("node-b")),
                        "job_params", Map.of("common", Map.of()),
                        "task_params", Map.of("common", Map.of("s", Map.of("seconds", 300)))));
        String task = await().atMost(Duration.ofSeconds(30)).until(() -> BfiaJobsFixture.status(federation.api("node-a"),
                jobId).path("task_ids").path("s").asString(""), id -> !id.isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> unitRunning("node-b", task));
        SessionQueues queues = federation.node("node-b").getBean(SessionQueues.class);

        TransportOutbound outsider = invoke("node-c", "node-b", task, "x");
        assertThat(outsider.code()).isEqualTo("E0000000403");
        assertThat(outsider.message()).contains("node-c takes part");
        for (int i = 0; i < 200; i++) {
            assertThat(invoke("node-a", "node-b", "task_made_up_" + i, "x").code()).isEqualTo("E0000000403");
        }
        assertThat(queues.sessionsOf("node-c")).isZero();
        assertThat(queues.sessionsOf("node-a")).isZero();

        assertThat(invoke("node-a", "node-b", task, "x").code()).isEqualTo("E0000000000");
        assertThat(queues.sessionsOf("node-a")).isEqualTo(1);
        assertThat(call("node-b", "pop", task, "node-a", "t", "timeout=1", new byte[0]).payload()).isEqualTo(bytes("x"));
        federation.api("node-a").post("/v1/platform/schedule/job/stop_all", NodeIT.ADMIN_TOKEN, Map.of("job_id", jobId));
    }

    /** A signed invoke of node {@code from} at node {@code to}, as its node hands on a container's push. */
    private static TransportOutbound invoke(String from, String to, String session, String message) throws Exception {
        String path = "/v1/interconn/chan/invoke?session_id=" + session + "&topic=t";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(federation.api(to).base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(message)).header("Content-Type", "application/octet-stream");
        federation.signedHeaders(from, to, "POST", path, message, headers -> { }).forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return TransportOutbound.fromProtobuf(response.body());
    }

    @Test
    void aWaitingPopTakesTheMessageAsItArrives() throws Exception {
        String session = session();
        CompletableFuture<TransportOutbound> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return call("node-b", "pop", session, "node-a", "t", "timeout=30", new byte[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(waiting).isNotDone();

        assertThat(call("node-a", "push", session, "node-b", "t", null, bytes("late")).code()).isEqualTo("E0000000000");

        assertThat(waiting.get(10, TimeUnit.SECONDS).payload()).isEqualTo(bytes("late"));
    }

    @Test
    void aPopWaitsItsOwnTimeoutWhateverTheServersDefaultForAsynchronousRequests() throws Exception {
        long start = System.nanoTime();
        TransportOutbound popped = call("node-b", "pop", session(), "node-a", "t", "timeout=3", new byte[0]);
        assertThat(popped.code()).as(popped.message()).isEqualTo("E0000000000");
        assertThat(popped.payload()).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(3_000_000_000L);
    }

    @Test
    void theJsonFormCarriesThePayloadInBase64() throws Exception {
        String session = session();
        JsonNode pushed = callJson("node-b", "push", session, "node-a", Map.of("topic", "host-guest",
                "payload", Base64.getEncoder().encodeToString(bytes("{\"w\":[1,2]}")), "metadata", Map.of()));
        assertThat(pushed.path("code").asString()).as(pushed.toString()).isEqualTo("E0000000000");

        JsonNode popped = callJson("node-a", "pop", session, "node-b", Map.of("topic", "host-guest", "timeout", 5));
        assertThat(popped.path("code").asString()).isEqualTo("E0000000000");
        assertThat(Base64.getDecoder().decode(popped.path("content").asString())).isEqualTo(bytes("{\"w\":[1,2]}"));

        JsonNode bad = callJson("node-a", "pop", session, "node-b", Map.of("timeout", "soon"));
        assertThat(bad.path("code").asString()).isEqualTo("E0000000400");
        assertThat(bad.path("message").asString()).startsWith("body: ");
    }

    @Test
    void aReleasedSessionIsRefusedAtItsNodeAndToItsPeers() throws Exception {
        String session = session();
        assertThat(call("node-a", "push", session, "node-b", "t", null, bytes("unread")).code()).isEqualTo("E0000000000");

        assertThat(call("node-b", "release", session, null, null, null, new byte[0]).code()).isEqualTo("E0000000000");

        TransportOutbound pop = call("node-b", "pop", session, "node-a", "t", "timeout=0", new byte[0]);
        assertThat(pop.code()).isEqualTo("E0000000608");
        // the peer's refusal reaches the pushing container
        TransportOutbound push = call("node-a", "push", session, "node-b", "t", null, bytes("more"));
        assertThat(push.code()).isEqualTo("E0000000608");
        assertThat(push.message()).contains("node-b refused the message", "was released");
    }

    @Test
    void theContainersOfAThreePartyJobGreetEachOtherThroughTheTransport() {
        String jobId = create(federation.api("node-a"), dag(List.of(component("hello", "Handshake"),
                component("after", "Noop", "hello"))), config("node-a", "callback", Map.of()));

        JsonNode ended = awaitEnd(federation.api("node-a"), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");
        String taskId = ended.path("task_ids").path("hello").asString();
        String hostLog = federation.api("node-b").get("/v1/platform/schedule/task/get_log?task_id=" + taskId
                + "&log_level=info&start=0", NodeIT.ADMIN_TOKEN).data().path("data").toString();
        assertThat(hostLog).contains("received from guest.0 at node-a: hello from guest.0 to host.0",
                "received from arbiter.0 at node-c: hello from arbiter.0 to host.0");
    }

    @Test
    void badCallsNameTheHeaderOrTheRule() throws Exception {
        TransportOutbound noSession = call("node-a", "push", null, "node-b", "t", null, bytes("x"));
        assertThat(noSession.code()).isEqualTo("E0000000400");
        assertThat(noSession.message()).isEqualTo("x-ptp-session-id: notBlank");

        TransportOutbound noPeer = call("node-a", "pop", session(), null, "t", null, new byte[0]);
        assertThat(noPeer.code()).isEqualTo("E0000000400");
        assertThat(noPeer.message()).isEqualTo("x-ptp-target-node-id: notBlank");

        TransportOutbound badTimeout = call("node-a", "pop", session(), "node-b", "t", "timeout=soon", new byte[0]);
        assertThat(badTimeout.code()).isEqualTo("E0000000400");
        assertThat(badTimeout.message()).startsWith("timeout: integer(seconds)");

        TransportOutbound tooLarge = call("node-a", "push", session(), "node-b", "t", null, new byte[2048]);
        assertThat(tooLarge.code()).isEqualTo("E0000000413");
        assertThat(tooLarge.message()).contains("max-message is 1024");

        TransportOutbound longTopic = call("node-a", "push", session(), "node-b", "t".repeat(1025), null, bytes("x"));
        assertThat(longTopic.code()).isEqualTo("E0000000400");
        assertThat(longTopic.message()).isEqualTo("x-ptp-topic: maxLength(1024)");

        TransportOutbound unknownPeer = call("node-a", "push", session(), "node-x", "t", null, bytes("x"));
        assertThat(unknownPeer.code()).isEqualTo("E0000000607");
        assertThat(unknownPeer.message()).contains("node-x is not a known peer");
    }

    /** What the node refuses before the transport layer reads the call is an answer with its code too. */
    @Test
    void theNodesOwnRefusalsAreAnswersWithTheirCode() throws Exception {
        String base = federation.api("node-a").base() + "/v1/interconn/chan/";
        TransportOutbound unsigned = raw(HttpRequest.newBuilder(URI.create(base + "invoke?session_id=s&topic=t"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("x"))));
        assertThat(unsigned.code()).isEqualTo("E0000000403");
        assertThat(unsigned.message()).startsWith("east-west call refused [missing_header]");

        assertThat(raw(HttpRequest.newBuilder(URI.create(base + "no-such-call")).POST(HttpRequest.BodyPublishers
                .ofByteArray(bytes("x")))).code()).isEqualTo("E0000000404");
        assertThat(raw(HttpRequest.newBuilder(URI.create(base + "push")).GET()).code()).isEqualTo("E0000000404");
        assertThat(raw(HttpRequest.newBuilder(URI.create(base + "push%2Fx")).POST(HttpRequest.BodyPublishers
                .ofByteArray(bytes("x")))).code()).isEqualTo("E0000000400");
        // node-b takes messages of 1 KB: 200 KB is over what either form of one may be
        TransportOutbound tooLarge = raw(HttpRequest.newBuilder(URI.create(federation.api("node-b").base()
                + "/v1/interconn/chan/push")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024])));
        assertThat(tooLarge.code()).isEqualTo("E0000000413");
        assertThat(tooLarge.message()).contains("maxSize(");

        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(base + "no-such-call"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(Api.JSON.readTree(json.body()).path("code").asString()).isEqualTo("E0000000404");
    }

    private static TransportOutbound raw(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(TransportOutbound.PROTOBUF);
        return TransportOutbound.fromProtobuf(response.body());
    }

    @Test
    void onANodeThatTrustsNoAddressOnlyARunningTasksTokenOpensItsSession() throws Exception {
        // a task's containers share its task id as their session (config.session_id); its token is the test's
        String session = session();
        String token = UUID.randomUUID().toString();
        JdbcClient c = federation.node("node-c").getBean(JdbcClient.class);
        c.sql("update bfia_task_unit set token_hash = ? where task_id = ? and node_id = 'node-c'")
                .params(sha256(token), session).update();

        TransportOutbound noToken = call("node-c", "push", session, "node-a", "t", null, bytes("x"));
        assertThat(noToken.code()).isEqualTo("E0000000403");
        assertThat(noToken.message()).startsWith("x-ptp-token: ");
        Map<String, String> withToken = new LinkedHashMap<>(Map.of("x-ptp-token", token));
        assertThat(call("node-c", "push", session(), "node-a", "t", null, bytes("x"), withToken).code())
                .as("another task's session").isEqualTo("E0000000403");

        assertThat(call("node-c", "push", session, "node-a", "t", null, bytes("x"), withToken).code())
                .isEqualTo("E0000000000");
        assertThat(call("node-a", "pop", session, "node-c", "t", "timeout=1", new byte[0]).payload())
                .isEqualTo(bytes("x"));

        c.sql("update bfia_task_unit set status = 'SUCCESS' where task_id = ?").param(session).update();
        assertThat(call("node-c", "push", session, "node-a", "t", null, bytes("y"), withToken).code())
                .as("an ended task's token").isEqualTo("E0000000403");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
    }
}
