package io.hutong.support.standin;

import static io.hutong.support.standin.BfiaStandIn.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.FakePeer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Kuscia stand-in says and does what the notes record of Kuscia, where interop depends on it. */
class KusciaStandInTest {

    private static final Duration FAST = Duration.ofMillis(100);
    private static final String CREATE = """
            {"job_id": "job-ss-lr", "dag": {"version": "2.0.0", "components": [{"code": "hutong/noop:1.0.0",
              "name": "intersect_0", "module_name": "Noop", "version": "1.0.0",
              "output": [{"type": "dataset", "key": "data"}]}]},
             "config": {"role": {"guest": ["node-a"], "host": ["node-kuscia"]},
              "initiator": {"role": "guest", "node_id": "node-a"},
              "job_params": {"guest": {"0": {}}, "host": {"0": {}}},
              "task_params": {"host": {"0": {"intersect_0": {"namespace": "ns", "name": "ids"}}}},
              "version": "2.0.0"}}""";

    @Test
    void asAParticipantItAnswersInKusciasEnvelopesAndRefusesARepeatedCreate() {
        try (KusciaStandIn kuscia = KusciaStandIn.builder("node-kuscia").start()) {
            Api api = new Api(kuscia.url());
            kuscia.unitBehaviour(UnitBehaviour.hang());

            assertThat(post(api, "job/create", CREATE).json()).isEqualTo(
                    json("{\"code\":200,\"msg\":\"\",\"data\":{\"status\":\"PENDING\"}}"));
            assertThat(post(api, "job/create", CREATE).json()).isEqualTo(
                    json("{\"code\":400,\"msg\":\"Job already exists\",\"data\":null}"));
            assertThat(post(api, "job/create", CREATE.replace("job-ss-lr", "Job_2")).json().path("msg").asString())
                    .contains("a lowercase RFC 1123 subdomain");
            assertThat(post(api, "job/create", CREATE.replace("job-ss-lr", "job-3").replace("\"code\": \"hutong/noop:1.0.0\",",
                    "")).json().path("msg").asString()).isEqualTo("validate appImage failed, component code can't be empty");
            assertThat(post(api, "job/create", "{\"job_id\": 5}").json()).isEqualTo(json("{\"code\":400,\"message\":"
                    + "\"json: cannot unmarshal number into Go struct field CreateJobRequest.job_id of type string\"}"));
            assertThat(post(api, "job/start", "{\"job_id\": \"job-ss-lr\"}").json()).isEqualTo(
                    json("{\"code\":200,\"msg\":\"\",\"data\":null}"));

            assertThat(post(api, "task/start", "{\"job_id\": \"job-ss-lr\", \"task_id\": \"Task_1\", \"task_name\": "
                    + "\"intersect_0\"}").json().path("code").asInt()).isEqualTo(500);
            String taskId = "job-ss-lr-0123456789ab";
            assertThat(post(api, "task/start", "{\"job_id\": \"job-ss-lr\", \"task_id\": \"" + taskId
                    + "\", \"task_name\": \"intersect_0\"}").json().path("code").asInt()).isEqualTo(200);
            assertThat(poll(api, taskId, "host")).isEqualTo("RUNNING");
            assertThat(poll(api, taskId, "host.0")).isEqualTo("PENDING");
            assertThat(post(api, "task/poll", "{\"task_id\": \"" + taskId + "\", \"role\": \"\"}").json())
                    .isEqualTo(json("{\"code\":400,\"message\":\"parameter role can't be empty\"}"));

            post(api, "job/stop", "{\"job_id\": \"job-ss-lr\", \"task_name\": \"intersect_0\"}");
            assertThat(kuscia.jobPhase("job-ss-lr")).isEqualTo("Failed");
            await().atMost(Duration.ofSeconds(5)).until(() -> poll(api, taskId, "host").equals("FAILED"));
            assertThat(api.get(PREFIX + "job/status_all?job_id=job-ss-lr", null).json()).isEqualTo(
                    json("{\"code\":200,\"msg\":\"\",\"data\":{\"status\":{\"" + taskId + "\":\"FAILED\"}}}"));
            assertThat(api.get(PREFIX + "job/status_all?job_id=job-unknown", null).json()).isEqualTo(
                    json("{\"code\":400,\"msg\":\"failed to find the job\",\"data\":null}"));

            Api.Response unserved = post(api, "job/audit_confirm", "{\"job_id\": \"job-ss-lr\", \"status\": \"READY\"}");
            assertThat(unserved.status()).isEqualTo(404);
            assertThat(unserved.text()).isEqualTo("404 page not found");
            assertThat(api.get(PREFIX + "job/create", null).status()).isEqualTo(404);
        }
    }

    @Test
    void asTheSchedulerItCreatesStartsAndPollsAndSendsNothingOnSuccess() {
        try (KusciaStandIn scheduler = fast("node-k1"); KusciaStandIn host = fast("node-k2")) {
            scheduler.route(host.nodeId(), host.url());
            host.route(scheduler.nodeId(), scheduler.url());

            ScheduledJob job = scheduler.schedule(chain("job-chain"));
            assertThat(job.awaitEnd(Duration.ofSeconds(20))).as(job.toString()).isEqualTo("Succeeded");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(host.jobPhase("job-chain")));

            assertThat(job.taskIds().values()).hasSize(2).allMatch(id -> id.matches("job-chain-[0-9a-f]{12}"));
            assertThat(host.taskIds("job-chain")).isEqualTo(job.taskIds());
            assertThat(scheduler.sent().stream().map(s -> s.path().substring(PREFIX.length())).distinct())
                    .containsExactly("job/create", "job/start", "task/start", "task/poll");
            Sent create = scheduler.sent("job/create").get(0);
            JsonNode component = create.json().path("dag").path("components").get(0);
            assertThat(component.propertyNames()).containsExactly("code", "name", "module_name", "version", "output");
            assertThat(create.json().path("config").path("job_params").has("common")).isFalse();
            assertThat(create.json().has("flow_id")).isFalse();
            assertThat(create.headers()).containsEntry("X-Node-Id", "node-k1").containsEntry("Content-Type",
                    "application/json");
            assertThat(Long.parseLong(create.headers().get("X-Timestamp")))
                    .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
            assertThat(scheduler.sent("task/poll")).allSatisfy(poll -> assertThat(poll.json().path("role").asString())
                    .isEqualTo("host"));
            assertThat(host.statusSyncs("job-chain")).allSatisfy(read -> assertThat(job.taskIds().values())
                    .containsAll(read.keySet()));
            assertThat(host.received("job/status_all")).isEmpty();
        }
    }

    @Test
    void aFailedShareFailsTheJobWhichStopsThePartiesAndThenItsUnfinishedTasks() {
        try (KusciaStandIn scheduler = fast("node-k1"); KusciaStandIn host = fast("node-k2")) {
            scheduler.route(host.nodeId(), host.url());
            host.unitBehaviour("left", UnitBehaviour.failAfter(Duration.ofMillis(50)));
            host.unitBehaviour("right", UnitBehaviour.hang());
            StandInJob spec = StandInJob.builder().jobId("job-split").role("guest", "node-k1").role("host", "node-k2")
                    .component(StandInJob.Component.demo("left", "Noop")).component(StandInJob.Component.demo("right",
                            "Noop")).partyParams("guest", 0, "left", dataset()).partyParams("guest", 0, "right", dataset())
                    .partyParams("host", 0, "left", dataset()).partyParams("host", 0, "right", dataset()).build();

            ScheduledJob job = scheduler.schedule(spec);
            assertThat(job.awaitEnd(Duration.ofSeconds(20))).isEqualTo("Failed");
            await().atMost(Duration.ofSeconds(10)).until(() -> host.received("task/stop").size() == 1);

            List<String> calls = host.received().stream().map(r -> r.path().substring(PREFIX.length())).toList();
            assertThat(calls.subList(calls.indexOf("job/stop"), calls.size())).containsExactly("job/stop", "task/stop");
            assertThat(host.received("job/stop").get(0).json()).isEqualTo(json("{\"job_id\":\"job-split\"}"));
            assertThat(host.received("task/stop").get(0).json().path("task_id").asString())
                    .isEqualTo(job.taskIds().get("right"));
            assertThat(host.jobPhase("job-split")).isEqualTo("Failed");
        }
    }

    @Test
    void itReadsOnlyHttp200AndCode200AsSuccess() {
        try (FakePeer fate = new FakePeer(path -> "{\"code\": 0, \"msg\": \"success\", \"data\": {}}");
                KusciaStandIn scheduler = fast("node-k1")) {
            scheduler.route("node-f", fate.url());
            ScheduledJob job = scheduler.schedule(StandInJob.builder().jobId("job-zero").role("guest", "node-k1")
                    .role("host", "node-f").component(StandInJob.Component.demo("only", "Noop")).build());

            assertThat(job.awaitEnd(Duration.ofSeconds(10))).isEqualTo("Failed");
            assertThat(job.problems()).containsExactly("job/create at node-f: status code: 0, message: success");
            await().atMost(Duration.ofSeconds(5)).until(() -> fate.received("job/stop").size() == 1);
            assertThat(fate.received("job/start")).isEmpty();
        }
    }

    @Test
    void aSuccessfulPollWithoutAStringStatusPanicsItsController() {
        try (FakePeer peer = new FakePeer(path -> "{\"code\": 200, \"msg\": \"\", \"data\": {}}");
                KusciaStandIn scheduler = fast("node-k1")) {
            scheduler.route("node-p", peer.url());
            ScheduledJob job = scheduler.schedule(StandInJob.builder().jobId("job-panic").role("guest", "node-k1")
                    .role("host", "node-p").component(StandInJob.Component.demo("only", "Noop"))
                    .partyParams("guest", 0, "only", dataset()).build());

            await().atMost(Duration.ofSeconds(10)).until(() -> !job.problems().isEmpty());
            assertThat(job.problems().get(0)).startsWith("panic: ");
            assertThat(job.status()).isEqualTo("Running");
        }
    }

    /** intersect_0 → lr_0 between guest node-k1 and host node-k2, first component reading a dataset at both. */
    private static StandInJob chain(String jobId) {
        return StandInJob.builder().jobId(jobId).role("guest", "node-k1").role("host", "node-k2")
                .component(StandInJob.Component.demo("intersect_0", "Noop"))
                .component(StandInJob.Component.demo("lr_0", "Noop", "intersect_0"))
                .partyParams("guest", 0, "intersect_0", dataset()).partyParams("host", 0, "intersect_0", dataset())
                .build();
    }

    private static Map<String, Object> dataset() {
        return Map.of("namespace", "ns", "name", "ids");
    }

    private static KusciaStandIn fast(String nodeId) {
        KusciaStandIn standIn = KusciaStandIn.builder(nodeId).pollInterval(FAST).statusSyncInterval(FAST).start();
        standIn.unitBehaviour(UnitBehaviour.succeedAfter(Duration.ofMillis(50)));
        return standIn;
    }

    private static Api.Response post(Api api, String operation, String body) {
        return api.post(PREFIX + operation, null, body);
    }

    private static String poll(Api api, String taskId, String role) {
        return post(api, "task/poll", "{\"task_id\": \"" + taskId + "\", \"role\": \"" + role + "\"}").data()
                .path("status").asString();
    }

    private static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }
}
