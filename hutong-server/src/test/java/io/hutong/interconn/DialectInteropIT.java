package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.localStatus;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import io.hutong.support.standin.BfiaStandIn;
import io.hutong.support.standin.FateFlowStandIn;
import io.hutong.support.standin.KusciaStandIn;
import io.hutong.support.standin.Received;
import io.hutong.support.standin.ScheduledJob;
import io.hutong.support.standin.StandInJob;
import io.hutong.support.standin.UnitBehaviour;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hutong nodes with a Kuscia-shaped and a FATE-Flow-shaped peer that follow what the real ones send
 * and read, in both directions: Hutong schedules and the peer is a party, the peer schedules and
 * Hutong is a party, poll and callback, a stop mid-run, an unknown job, bad input, and a three-party
 * job mixing the dialects. node-c makes 25-character job ids, which FATE-Flow keeps.
 */
class DialectInteropIT {

    private static final String PREFIX = "/v1/interconn/schedule/";
    private static final Duration FAST = Duration.ofMillis(200);

    private static Federation federation;
    private static KusciaStandIn kuscia;
    private static FateFlowStandIn fate;

    @BeforeAll
    static void start() {
        federation = new Federation(Map.of("node-c", List.of("--hutong.interconn.id-style=short")),
                "--hutong.interconn.scheduler-status-interval=300ms");
        kuscia = KusciaStandIn.builder("alice").pollInterval(FAST).statusSyncInterval(FAST)
                .clock(TestClockConfiguration.CLOCK).start();
        fate = FateFlowStandIn.builder("fate-9999").tick(FAST).clock(TestClockConfiguration.CLOCK).start();
        federation.admit(kuscia, fate);
        // what a first component reads at node-b when a Kuscia job names it, as Kuscia's jobs must
        Api b = federation.api("node-b");
        Api.Response loaded = b.send(HttpRequest.newBuilder(URI.create(b.base() + "/api/datasets/demo/ids"))
                .POST(HttpRequest.BodyPublishers.ofString("id\n1\n")),
                NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }

    /** A Kuscia party's share of a first component: its containers are prepared only with a dataset. */
    private static final Map<String, Object> DATASET = Map.of("namespace", "demo", "name", "ids");

    @AfterAll
    static void stop() {
        kuscia.close();
        fate.close();
        federation.close();
    }

    private static Api node(String id) {
        return federation.api(id);
    }

    // ---- Hutong schedules, the peer is a party ----------------------------------------------------

    @Test
    void aHutongJobRunsWithAKusciaHostThatIsPolledAndNeverToldOfTheSuccess() {
        String jobId = create(node("node-a"), chain(), config("node-a", Map.of("guest", "node-a", "host", "alice"),
                "callback"));
        JsonNode ended = awaitEnd(node("node-a"), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");

        JsonNode created = kuscia.received("job/create").stream().filter(r -> r.json().path("job_id").asString()
                .equals(jobId)).findFirst().orElseThrow().json();
        assertThat(created.path("dag").path("components").get(0).propertyNames())
                .containsExactly("code", "name", "module_name", "version", "output");
        assertThat(created.path("dag").path("components").get(0).path("code").asString()).isEqualTo("hutong/noop:1.0.0");
        assertThat(kuscia.received("job/audit_confirm")).isEmpty();
        assertThat(kuscia.received("task/poll")).isNotEmpty().allSatisfy(poll -> assertThat(poll.json().path("role")
                .asString()).isEqualTo("host"));
        assertThat(kuscia.received("job/stop")).as("a stop would fail the job Kuscia still runs").isEmpty();
        // it learns the end from node-a's status_all, answered as it reads it
        await().atMost(Duration.ofSeconds(20)).until(() -> "Succeeded".equals(kuscia.jobPhase(jobId)));
    }

    @Test
    void aHutongJobRunsWithAFateFlowHostInItsForm() {
        String jobId = create(node("node-c"), chain(), config("node-c", Map.of("arbiter", "node-c", "host", "fate-9999"),
                "poll"));
        assertThat(jobId).hasSize(25);
        JsonNode ended = awaitEnd(node("node-c"), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");

        Received create = fate.received("job/create").stream().filter(r -> r.json().path("job_id").asString()
                .equals(jobId)).findFirst().orElseThrow();
        JsonNode created = create.json();
        assertThat(created.path("flow_id").isString()).isTrue();
        assertThat(created.path("dag").path("components").get(0).propertyNames())
                .contains("name", "componentName", "provider", "version");
        assertThat(fate.received("job/audit_confirm")).isEmpty();
        assertThat(fate.received("task/poll")).isNotEmpty();
        assertThat(create.header("x_node_id")).isEqualTo("node-c");
    }

    @Test
    void aJobWhoseIdAPartyCannotTakeIsRefusedNamingThePartyAndTheRule() {
        Api.Response refused = node("node-a").post("/v1/platform/schedule/job/create_all", NodeIT.ADMIN_TOKEN,
                Map.of("flow_id", "too-long", "dag", chain(), "config", config("node-a",
                        Map.of("guest", "node-a", "host", "fate-9999"), "poll")));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("msg").asString()).contains("fate-9999 speaks fate-flow", "maxLength(25)",
                "hutong.interconn.id-style=short");
    }

    // ---- the peer schedules, Hutong is a party ----------------------------------------------------

    @Test
    void aKusciaJobRunsAtAHutongHostOnceThatNodeApprovedItAndEndsThereToo() {
        String jobId = "job-k-" + UUID.randomUUID().toString().substring(0, 8);
        ScheduledJob job = kuscia.schedule(peerChain(jobId, "alice", "node-b").build());
        approveWhenAsked("node-b", jobId);

        assertThat(job.awaitEnd(Duration.ofSeconds(30))).as(job.toString()).isEqualTo("Succeeded");
        assertThat(job.problems()).isEmpty();
        // Kuscia tells nothing of a success: node-b reads its end off the scheduler's status_all
        await().atMost(Duration.ofSeconds(20)).until(() -> "FINISHED".equals(localStatus(node("node-b"), jobId)));
        assertThat(status(node("node-b"), jobId).path("status").size()).isEqualTo(2);
    }

    @Test
    void aFateFlowJobRunsAtAHutongHostThatItPolls() {
        ScheduledJob job = fate.schedule(peerChain(null, "fate-9999", "node-b").syncType("poll").build());
        approveWhenAsked("node-b", job.jobId());
        assertThat(job.awaitEnd(Duration.ofSeconds(30))).as(job.toString()).isEqualTo("FINISHED");
        // FATE's job/stop at the end carries no outcome: node-b's own tasks tell it
        JsonNode here = awaitEnd(node("node-b"), job.jobId());
        assertThat(here.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(fate.received("task/callback").stream().filter(r -> job.taskIds().containsValue(r.json()
                .path("task_id").asString()))).isEmpty();
        assertThat(fate.received("job/audit_confirm")).isEmpty();
    }

    /**
     * In callback mode a FATE-Flow scheduler waits for every party's task/callback, which FATE-Flow's own
     * parties never send: its job waits, as the real one's does; node-b's callbacks reach it as it reads them.
     */
    @Test
    void aHutongHostOfAFateFlowJobInCallbackModeCallsBackWithItsNodeId() {
        ScheduledJob job = fate.schedule(peerChain(null, "fate-9999", "node-b").syncType("callback").build());
        approveWhenAsked("node-b", job.jobId());
        await().atMost(Duration.ofSeconds(20)).until(() -> fate.received("task/callback").stream()
                .anyMatch(r -> r.json().path("task_id").asString().equals(job.taskIds().get("c1"))));
        Received callback = fate.received("task/callback").stream().filter(r -> r.json().path("task_id").asString()
                .equals(job.taskIds().get("c1"))).findFirst().orElseThrow();
        assertThat(callback.header("x_node_id")).isEqualTo("node-b");
        assertThat(callback.json().path("status").asString()).isEqualTo("SUCCESS");
        assertThat(callback.json().path("role").asString()).isEqualTo("host");
        assertThat(fate.received("task/poll").stream().filter(r -> job.taskIds().containsValue(r.json().path("task_id")
                .asString()))).as("callback mode: no polls").isEmpty();
        fate.stop(job.jobId());
        await().atMost(Duration.ofSeconds(20)).until(() -> "FINISHED".equals(localStatus(node("node-b"), job.jobId())));
    }

    // ---- stops, unknown jobs, bad input -------------------------------------------------------------

    @Test
    void aHutongJobStoppedMidRunStopsItsKusciaHost() {
        kuscia.unitBehaviour("c1", UnitBehaviour.hang());
        try {
            String jobId = create(node("node-a"), chain(), config("node-a", Map.of("guest", "node-a", "host", "alice"),
                    "poll"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !kuscia.taskIds(jobId).isEmpty());
            assertThat(node("node-a").post("/v1/platform/schedule/job/stop_all", NodeIT.ADMIN_TOKEN,
                    Map.of("job_id", jobId)).json().path("code").asInt()).isZero();

            assertThat(awaitEnd(node("node-a"), jobId).path("result").asString()).isEqualTo("STOPPED");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Failed".equals(kuscia.jobPhase(jobId)));
            assertThat(kuscia.received("job/stop")).anySatisfy(stop -> assertThat(stop.json().path("job_id").asString())
                    .isEqualTo(jobId));
        } finally {
            kuscia.unitBehaviour(UnitBehaviour.succeedAfter(Duration.ofMillis(100)));
        }
    }

    @Test
    void aKusciaJobStoppedMidRunStopsItsUnitsAtTheHutongHost() {
        String jobId = "job-s-" + UUID.randomUUID().toString().substring(0, 8);
        StandInJob.Builder spec = StandInJob.builder().jobId(jobId).role("guest", "alice").role("host", "node-b")
                .component(StandInJob.Component.demo("long", "Sleep")).commonParams("long", Map.of("seconds", 120))
                .partyParams("guest", 0, "long", DATASET).partyParams("host", 0, "long", DATASET);
        kuscia.unitBehaviour("long", UnitBehaviour.hang());
        try {
            ScheduledJob job = kuscia.schedule(spec.build());
            approveWhenAsked("node-b", jobId);
            await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(status(node("node-b"), jobId)
                    .path("status").path(job.taskIds().getOrDefault("long", "-")).asString("")));
            kuscia.stop(jobId);

            await().atMost(Duration.ofSeconds(20)).until(() -> "FINISHED".equals(localStatus(node("node-b"), jobId)));
            assertThat(status(node("node-b"), jobId).path("status").path(job.taskIds().get("long")).asString())
                    .isEqualTo("FAILED");
        } finally {
            kuscia.unitBehaviour(UnitBehaviour.succeedAfter(Duration.ofMillis(100)));
        }
    }

    @Test
    void anUnknownJobAndBadInputAreAnsweredInEachDialectsEnvelope() {
        Api.Response kusciaUnknown = fromPeer(kuscia, "node-b", "task/poll", Map.of("task_id", "job-x-000000000000",
                "role", "host"));
        assertThat(kusciaUnknown.status()).isEqualTo(200);
        assertThat(kusciaUnknown.json().path("code").asInt()).isEqualTo(404);
        assertThat(kusciaUnknown.json().path("msg").asString()).contains("job-x-000000000000");
        assertThat(kusciaUnknown.json().has("data")).isTrue();

        Api.Response kusciaBad = fromPeer(kuscia, "node-b", "task/start", Map.of("job_id", "job-x", "task_id", "t-1"));
        assertThat(kusciaBad.status()).isEqualTo(200);
        assertThat(kusciaBad.json().path("code").asInt()).isEqualTo(400);
        assertThat(kusciaBad.json().path("msg").asString()).isEqualTo("request params[task_name] notBlank.");

        Api.Response fateUnknown = fromPeer(fate, "node-b", "job/start", Map.of("job_id", "20260101000000000000"));
        assertThat(fateUnknown.status()).isEqualTo(200);
        assertThat(fateUnknown.json().path("code").asInt()).isEqualTo(404);
        assertThat(fateUnknown.json().path("message").asString()).contains("20260101000000000000");

        Api.Response fateBad = fromPeer(fate, "node-b", "job/audit_confirm", Map.of("job_id", "20260101000000000000"));
        assertThat(fateBad.status()).isEqualTo(200);
        assertThat(fateBad.json().path("code").asInt()).isEqualTo(400);
        assertThat(fateBad.json().path("message").asString()).contains("status");
    }

    // ---- three dialects in one job --------------------------------------------------------------------

    @Test
    void aThreePartyJobMixingTheDialectsRunsToItsEnd() {
        Map<String, Object> config = config("node-c", Map.of("guest", "node-c", "host", "alice", "arbiter", "fate-9999"),
                "poll", List.of("all"));
        String jobId = create(node("node-c"), dag(List.of(component("all", "Noop"))), config);
        JsonNode ended = awaitEnd(node("node-c"), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");
        assertThat(kuscia.taskIds(jobId)).hasSize(1);
        assertThat(fate.received("task/start").stream().filter(r -> r.json().path("job_id").asString().equals(jobId)))
                .hasSize(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** A person at the node approves the job once it waits for them. */
    private static void approveWhenAsked(String node, String jobId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> node(node).get("/v1/platform/schedule/job/pending_audit",
                NodeIT.ADMIN_TOKEN).data().path("jobs").findValuesAsString("job_id").contains(jobId));
        assertThat(node(node).post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN, Map.of("job_id", jobId,
                "status", "READY")).json().path("code").asInt()).isZero();
    }

    /** A call as the stand-in makes it: unsigned, its node id in its own header. */
    private static Api.Response fromPeer(BfiaStandIn peer, String to, String path, Map<String, Object> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(peer instanceof KusciaStandIn ? "X-Node-Id" : "x_node_id", peer.nodeId());
        headers.put(peer instanceof KusciaStandIn ? "X-Timestamp" : "x_timestamp", Long.toString(peer instanceof
                KusciaStandIn ? TestClockConfiguration.CLOCK.millis() / 1000 : TestClockConfiguration.CLOCK.millis()));
        return federation.send(to, "POST", PREFIX + path, Api.JSON.writeValueAsString(body), headers);
    }

    private static Map<String, Object> chain() {
        return dag(List.of(component("c1", "Noop"), component("c2", "Noop", "c1")));
    }

    /** A job of these parties (role → node), every party named in task_params for every component, as Kuscia needs. */
    private static Map<String, Object> config(String initiator, Map<String, String> parties, String syncType) {
        return config(initiator, parties, syncType, List.of("c1", "c2"));
    }

    private static Map<String, Object> config(String initiator, Map<String, String> parties, String syncType,
            List<String> components) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        Map<String, Object> taskParams = new LinkedHashMap<>();
        parties.forEach((role, node) -> {
            roles.put(role, List.of(node));
            Map<String, Object> shares = new LinkedHashMap<>();
            components.forEach(name -> shares.put(name, node.equals(kuscia.nodeId()) && name.equals(components.get(0))
                    ? DATASET : Map.of()));
            taskParams.put(role, Map.of("0", shares));
        });
        String initiatorRole = parties.entrySet().stream().filter(e -> e.getValue().equals(initiator)).findFirst()
                .orElseThrow().getKey();
        return Map.of("version", "2.0.0", "initiator", Map.of("role", initiatorRole, "node_id", initiator),
                "role", roles, "job_params", Map.of("common", Map.of("sync_type", syncType)), "task_params", taskParams);
    }

    /** A chain of two Noops the stand-in schedules, guest itself, host a Hutong node. */
    private static StandInJob.Builder peerChain(String jobId, String guest, String host) {
        StandInJob.Builder spec = StandInJob.builder().role("guest", guest).role("host", host)
                .component(StandInJob.Component.demo("c1", "Noop"))
                .component(StandInJob.Component.demo("c2", "Noop", "c1"))
                .partyParams("guest", 0, "c1", DATASET).partyParams("host", 0, "c1", DATASET);
        return jobId == null ? spec : spec.jobId(jobId);
    }
}
