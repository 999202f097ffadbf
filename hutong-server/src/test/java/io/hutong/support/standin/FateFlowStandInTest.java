package io.hutong.support.standin;

import static io.hutong.support.standin.BfiaStandIn.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.FakePeer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The FATE-Flow stand-in says and does what the notes record of FATE-Flow 2.x, where interop depends on it. */
class FateFlowStandInTest {

    private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String CREATE = """
            {"job_id": "%s", "flow_id": "", "dag": {"version": "2.0.0", "components": [{"name": "intersect_0",
              "componentName": "Intersection", "provider": "fate", "version": "2.0.0"}]},
             "config": {"role": {"guest": ["node-a"], "host": ["node-fate"]},
              "initiator": {"role": "guest", "node_id": "node-a"}, "job_params": {"common": {}},
              "task_params": {}, "version": "2.0.0"}}""";

    @Test
    void asAParticipantItAnswersInFateFlowsEnvelopes() {
        try (FateFlowStandIn fate = FateFlowStandIn.builder("node-fate").start()) {
            Api api = new Api(fate.url());
            fate.unitBehaviour(UnitBehaviour.hang());

            assertThat(post(api, "job/create", CREATE.formatted("202401010000000000000").replace("\"flow_id\": \"\"",
                    "\"flow_id\": null")).json()).isEqualTo(json("{\"code\":5001,\"data\":{\"json\":{\"flow_id\":"
                    + "[\"Field may not be null.\"]}},\"message\":\"Invalid request.\"}"));
            assertThat(post(api, "job/create", CREATE.formatted("202401010000000000000").replace("\"componentName\": "
                    + "\"Intersection\", \"provider\": \"fate\",", "\"code\": \"x\", \"module_name\": \"y\",")).json()
                    .path("message").asString()).startsWith("ValidationError(model='DagSchemaSpec'")
                    .contains("'componentName'").contains("'provider'");
            assertThat(post(api, "job/create", CREATE.formatted("job-abcdefghijklmnopqrstuv")).json()).isEqualTo(json(
                    "{\"code\":6000,\"message\":\"DataError(1406, \\\"Data too long for column 'f_job_id' at row 1\\\")\"}"));
            String jobId = "202401010000000000000";
            assertThat(post(api, "job/create", CREATE.formatted(jobId)).json())
                    .isEqualTo(json("{\"code\":0,\"msg\":\"success\"}"));
            assertThat(post(api, "job/create", CREATE.formatted(jobId)).json().path("code").asInt()).isZero();
            assertThat(fate.localJobStatus(jobId)).isEqualTo(Map.of("host", "READY"));

            String taskId = UUID.randomUUID().toString();
            assertThat(post(api, "task/start", "{\"job_id\": \"" + jobId + "\", \"task_id\": \"" + taskId
                    + "\", \"task_name\": \"intersect_0\"}").json().path("code").asInt()).isZero();
            assertThat(post(api, "task/poll", "{\"task_id\": \"" + taskId + "\", \"role\": \"\"}").json())
                    .isEqualTo(json("{\"code\":0,\"data\":{\"status\":\"RUNNING\"},\"msg\":\"success\"}"));
            assertThat(post(api, "task/poll", "{\"task_id\": \"nope\", \"role\": \"\"}").json().path("code").asInt())
                    .isEqualTo(6000);
            post(api, "job/stop", "{\"job_id\": \"" + jobId + "\", \"task_name\": \"intersect_0\"}");
            assertThat(fate.localTaskStatus(taskId)).isEqualTo("FAILED");
            assertThat(fate.localJobStatus(jobId)).isEqualTo(Map.of("host", "READY"));

            Api.Response unserved = post(api, "task/stop", "{\"task_id\": \"" + taskId + "\"}");
            assertThat(unserved.status()).isEqualTo(200);
            assertThat(unserved.json()).isEqualTo(json("{\"code\":6000,\"message\":\"<NotFound '404: Not Found'>\"}"));
            assertThat(api.get(PREFIX + "job/status_all?job_id=" + jobId, null).json().path("code").asInt())
                    .isEqualTo(5001);
            assertThat(getWithBody(api, "job/status_all", "{\"job_id\": \"" + jobId + "\"}").json())
                    .isEqualTo(json("{\"code\":0,\"data\":{},\"msg\":\"success\"}"));
        }
    }

    @Test
    void asTheSchedulerItPollsEveryPartyAndStopsAfterEveryTaskAndAtTheEnd() {
        try (FateFlowStandIn scheduler = fast("node-f1"); FateFlowStandIn host = fast("node-f2")) {
            scheduler.route(host.nodeId(), host.url());

            ScheduledJob job = scheduler.schedule(chain(null));
            assertThat(job.awaitEnd(Duration.ofSeconds(20))).as(job.toString()).isEqualTo("FINISHED");

            assertThat(job.jobId()).matches("\\d{21,}");
            assertThat(job.taskIds().values()).hasSize(2).allMatch(id -> id.matches(UUID4));
            assertThat(job.taskStatuses()).isEqualTo(Map.of("intersect_0", "SUCCESS", "lr_0", "SUCCESS"));
            assertThat(getWithBody(new Api(scheduler.url()), "job/status_all", "{\"job_id\": \"" + job.jobId() + "\"}")
                    .data()).isEqualTo(json("{\"job_status\":\"FINISHED\",\"status\":{\"intersect_0\":\"SUCCESS\","
                    + "\"lr_0\":\"SUCCESS\"}}"));
            assertThat(scheduler.sent("job/create").stream().map(Sent::to)).containsExactly("node-f1", "node-f2");
            assertThat(scheduler.sent("task/poll")).isNotEmpty().allSatisfy(poll ->
                    assertThat(poll.json()).isEqualTo(json("{\"task_id\":\"" + poll.json().path("task_id").asString()
                            + "\",\"role\":\"\"}")));
            assertThat(scheduler.sent("task/poll").stream().map(Sent::to)).contains("node-f1", "node-f2");
            List<String> stops = host.received("job/stop").stream().map(r -> r.json().path("task_name").asString("-"))
                    .toList();
            assertThat(stops).containsExactly("intersect_0", "lr_0", "-");

            Sent start = scheduler.sent("task/start").get(0);
            assertThat(start.body()).startsWith("{\"task_id\": \"");
            assertThat(start.headers()).containsEntry("x_auth_sign", "").containsEntry("x_trace_id", "")
                    .containsEntry("x_node_id", "node-f1").containsKey("x_nonce");
            assertThat(start.headers().get("x_nonce")).matches(UUID4);
            assertThat(Long.parseLong(start.headers().get("x_timestamp")))
                    .isBetween(Instant.now().toEpochMilli() - 60_000, Instant.now().toEpochMilli());
            assertThat(host.received("task/start").get(0).header("x_node_id")).isEqualTo("node-f1");
        }
    }

    @Test
    void inCallbackModeItPollsNothingAndTakesCallbacksByTheCallersNodeId() {
        try (FateFlowStandIn scheduler = fast("node-f1"); FateFlowStandIn host = fast("node-f2")) {
            scheduler.route(host.nodeId(), host.url());
            Api api = new Api(scheduler.url());

            ScheduledJob job = scheduler.schedule(StandInJob.builder().role("guest", "node-f1").role("host", "node-f2")
                    .component(StandInJob.Component.demo("only", "Noop")).syncType("callback").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(job.taskStatuses().get("only")));
            String taskId = job.taskIds().get("only");
            String body = "{\"task_id\": \"" + taskId + "\", \"role\": \"host\", \"status\": \"SUCCESS\"}";

            assertThat(post(api, "task/callback", body).json().path("data").path("headers").has("x_node_id")).isTrue();
            assertThat(callback(api, body, "node-x").json().path("code").asInt()).isEqualTo(6000);
            assertThat(callback(api, body, "node-f2").json()).isEqualTo(json("{\"code\":0,\"msg\":\"success\"}"));
            assertThat(callback(api, body, "node-f2").json().path("code").asInt()).isEqualTo(1);
            assertThat(callback(api, body.replace("host", "guest"), "node-f1").json().path("code").asInt()).isZero();

            assertThat(job.awaitEnd(Duration.ofSeconds(10))).isEqualTo("FINISHED");
            assertThat(job.taskStatuses()).isEqualTo(Map.of("only", "SUCCESS"));
            assertThat(scheduler.sent("task/poll")).isEmpty();
            assertThat(post(api, "job/audit_confirm", "{\"job_id\": \"" + job.jobId() + "\", \"status\": \"READY\"}")
                    .json()).isEqualTo(json("{\"code\":1,\"msg\":\"success\"}"));
        }
    }

    @Test
    void aRetryAfterAnHttpErrorCarriesTheSameNonce() {
        AtomicInteger creates = new AtomicInteger();
        try (FakePeer peer = new FakePeer(path -> "{\"code\": 0, \"msg\": \"success\"}",
                path -> path.endsWith("job/create") && creates.incrementAndGet() == 1 ? 503 : 200);
                FateFlowStandIn scheduler = fast("node-f1")) {
            scheduler.route("node-p", peer.url());
            ScheduledJob job = scheduler.schedule(StandInJob.builder().role("guest", "node-f1").role("host", "node-p")
                    .component(StandInJob.Component.demo("only", "Noop")).build());

            assertThat(job.problems()).isEmpty();
            List<FakePeer.Received> tries = peer.received("job/create");
            assertThat(tries).hasSize(2);
            assertThat(tries.get(1).headers().get("X_nonce")).isEqualTo(tries.get(0).headers().get("X_nonce"))
                    .isNotNull();
            assertThat(scheduler.sent("job/create").stream().filter(s -> s.to().equals("node-p")).findFirst()
                    .orElseThrow().tries()).isEqualTo(2);
        }
    }

    /** intersect_0 → lr_0 between guest node-f1 and host node-f2. */
    private static StandInJob chain(String syncType) {
        return StandInJob.builder().role("guest", "node-f1").role("host", "node-f2")
                .component(StandInJob.Component.demo("intersect_0", "Noop"))
                .component(StandInJob.Component.demo("lr_0", "Noop", "intersect_0")).syncType(syncType).build();
    }

    private static FateFlowStandIn fast(String nodeId) {
        FateFlowStandIn standIn = FateFlowStandIn.builder(nodeId).tick(Duration.ofMillis(100)).start();
        standIn.unitBehaviour(UnitBehaviour.succeedAfter(Duration.ofMillis(50)));
        return standIn;
    }

    private static Api.Response post(Api api, String operation, String body) {
        return api.post(PREFIX + operation, null, body);
    }

    private static Api.Response callback(Api api, String body, String nodeId) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + PREFIX + "task/callback"))
                .POST(HttpRequest.BodyPublishers.ofString(body)), null, Map.of("x_node_id", nodeId));
    }

    private static Api.Response getWithBody(Api api, String operation, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + PREFIX + operation))
                .method("GET", HttpRequest.BodyPublishers.ofString(body)), null, Map.of());
    }

    private static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }
}
