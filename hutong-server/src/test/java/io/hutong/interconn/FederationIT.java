package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.localStatus;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Jobs across three real nodes talking HTTP to each other. */
class FederationIT {

    private static Federation federation;

    @BeforeAll
    static void start() {
        federation = new Federation();
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static Api a() {
        return federation.api("node-a");
    }

    private static List<Map<String, Object>> diamond(String second) {
        return List.of(component("c1", "Noop"), component("c2", second, "c1"), component("c3", "Noop", "c1"),
                component("c4", "Noop", "c2", "c3"));
    }

    @Test
    void aThreePartyDiamondFinishesWithEveryTaskSucceededAtEveryNode() {
        String jobId = create(a(), dag(diamond("Noop")), config("node-a", "callback", Map.of()));
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("job_status").asString()).isEqualTo("FINISHED");
        assertThat(state.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(state.path("status")).hasSize(4);
        state.path("status").forEach(task -> assertThat(task.asString()).isEqualTo("SUCCESS"));
        assertThat(state.path("task_ids").path("c1").asString()).matches("task-[a-z0-9]{32}");
        for (String node : Federation.IDS) {
            Api api = federation.api(node);
            assertThat(status(api, jobId)).as(node).isEqualTo(state);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(localStatus(api, jobId)).as(node).isEqualTo("FINISHED"));
            String c4 = state.path("task_ids").path("c4").asString();
            Api.Response log = api.get("/v1/platform/schedule/task/get_log?task_id=" + c4 + "&log_level=info&start=0",
                    NodeIT.ADMIN_TOKEN);
            assertThat(log.data().path("data").asString()).as(node).contains("Noop c4");
        }
    }

    @Test
    void aPartyThatIsNotTheSchedulerAnswersAWaitOnceItHearsOfTheEnd() {
        String jobId = create(a(), dag(List.of(component("slow", "Sleep"))),
                config("node-a", "callback", Map.of("common", Map.of("slow", Map.of("seconds", 1)))));
        Api c = federation.api("node-c");
        await().atMost(Duration.ofSeconds(10)).until(() -> !localStatus(c, jobId).isEmpty());
        Api.Response waited = c.get("/v1/platform/schedule/job/status_all?job_id=" + jobId + "&wait=20",
                NodeIT.ADMIN_TOKEN);
        assertThat(waited.data().path("job_status").asString()).as(waited.text()).isEqualTo("FINISHED");
        assertThat(waited.data().path("result").asString()).isEqualTo("SUCCESS");
        assertThat(localStatus(c, jobId)).isEqualTo("FINISHED");
    }

    private static Map<String, String> taskStatus(JsonNode state) {
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        state.path("task_ids").properties().forEach(e -> byName.put(e.getKey(),
                state.path("status").path(e.getValue().asString()).asString()));
        return byName;
    }

    @Test
    void aJobOfAnUntrustedInitiatorWaitsForAPersonAndIsRejectedEverywhere() {
        String jobId = create(federation.api("node-b"), dag(diamond("Noop")), config("node-b", "callback", Map.of()));
        Api c = federation.api("node-c");
        await().atMost(Duration.ofSeconds(20)).until(() -> c.get("/v1/platform/schedule/job/pending_audit",
                NodeIT.ADMIN_TOKEN).data().path("jobs").findValuesAsString("job_id").contains(jobId));
        JsonNode pending = c.get("/v1/platform/schedule/job/pending_audit", NodeIT.ADMIN_TOKEN).data().path("jobs");
        JsonNode mine = java.util.stream.StreamSupport.stream(pending.spliterator(), false)
                .filter(j -> j.path("job_id").asString().equals(jobId)).findFirst().orElseThrow();
        assertThat(mine.path("initiator").asString()).isEqualTo("node-b");
        assertThat(mine.path("roles").get(0).asString()).isEqualTo("arbiter.0");
        assertThat(status(federation.api("node-b"), jobId).path("job_status").asString()).isEqualTo("PENDING");

        Api.Response rejected = c.post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN,
                Map.of("job_id", jobId, "status", "REJECTED", "reason", "not with this data"));
        assertThat(rejected.json().path("code").asInt()).as(rejected.text()).isZero();
        JsonNode state = awaitEnd(federation.api("node-b"), jobId);
        assertThat(state.path("job_status").asString()).isEqualTo("REJECTED");
        assertThat(state.path("result").asString()).isEqualTo("REJECTED");
        assertThat(state.path("reason").asString()).contains("node-c").contains("not with this data");
        assertThat(taskStatus(state).values()).containsOnly("PENDING");
        for (String node : Federation.IDS) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(localStatus(federation.api(node), jobId)).as(node).isEqualTo("REJECTED"));
        }
        Api.Response again = c.post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN,
                Map.of("job_id", jobId, "status", "READY"));
        assertThat(again.json().path("code").asInt()).isNotZero();
    }

    @Test
    void aJobApprovedByAPersonRuns() {
        String jobId = create(federation.api("node-b"), dag(List.of(component("only", "Noop"))),
                config("node-b", "callback", Map.of()));
        Api c = federation.api("node-c");
        await().atMost(Duration.ofSeconds(20)).until(() -> c.get("/v1/platform/schedule/job/pending_audit",
                NodeIT.ADMIN_TOKEN).data().path("jobs").findValuesAsString("job_id").contains(jobId));
        c.post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN, Map.of("job_id", jobId, "status", "READY"));
        assertThat(awaitEnd(federation.api("node-b"), jobId).path("result").asString()).isEqualTo("SUCCESS");
    }

    @Test
    void aFailingComponentStopsTheJobAndDownstreamTasksNeverStart() {
        String jobId = create(a(), dag(diamond("Fail")), config("node-a", "callback", Map.of()));
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("job_status").asString()).isEqualTo("FINISHED");
        assertThat(state.path("result").asString()).isEqualTo("FAILED");
        assertThat(state.path("reason").asString()).contains("c2");
        Map<String, String> tasks = taskStatus(state);
        assertThat(tasks.get("c1")).isEqualTo("SUCCESS");
        assertThat(tasks.get("c2")).isEqualTo("FAILED");
        assertThat(tasks.get("c4")).isEqualTo("PENDING");
        String c2 = state.path("task_ids").path("c2").asString();
        String c4 = state.path("task_ids").path("c4").asString();
        // the first failure ends the job; other parties' units may be killed before they write their error
        java.util.regex.Matcher failedAt = java.util.regex.Pattern.compile("failed at (\\S+) as")
                .matcher(state.path("reason").asString());
        assertThat(failedAt.find()).as(state.path("reason").asString()).isTrue();
        assertThat(federation.api(failedAt.group(1)).get("/v1/platform/schedule/task/get_log?task_id=" + c2
                + "&log_level=error&start=0", NodeIT.ADMIN_TOKEN).data().path("data").asString())
                .contains("failing on purpose");
        for (String node : Federation.IDS) {
            Api api = federation.api(node);
            assertThat(api.get("/v1/platform/schedule/task/get_log_line?task_id=" + c4 + "&log_level=debug",
                    NodeIT.ADMIN_TOKEN).data().path("num").asInt(0)).as("c4 never launched at " + node).isZero();
        }
    }

    @Test
    void stopAllStopsEverythingAndKillsTheProcesses() {
        Map<String, Object> params = Map.of("common", Map.of("slow", Map.of("seconds", 60)));
        String jobId = create(a(), dag(List.of(component("slow", "Sleep"), component("after", "Noop", "slow"))),
                config("node-a", "callback", params));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(taskStatus(status(a(), jobId)).get("slow")));
        String slow = status(a(), jobId).path("task_ids").path("slow").asString();
        awaitLaunchedEverywhere(slow);
        long started = System.nanoTime();
        Api.Response stop = federation.api("node-c").post("/v1/platform/schedule/job/stop_all", NodeIT.ADMIN_TOKEN,
                Map.of("job_id", jobId));
        assertThat(stop.json().path("code").asInt()).as(stop.text()).isZero();
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(state.path("result").asString()).isEqualTo("STOPPED");
        assertThat(taskStatus(state)).containsEntry("slow", "FAILED").containsEntry("after", "PENDING");
        for (String node : Federation.IDS) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(federation.api(node)
                    .get("/v1/platform/schedule/task/get_log?task_id=" + slow + "&log_level=debug&start=0",
                            NodeIT.ADMIN_TOKEN).data().path("data").asString()).as(node).contains("exited"));
        }
    }

    @Test
    void stoppingATaskStopsItAndItsDownstreamWhileOtherBranchesFinish() {
        Map<String, Object> params = Map.of("common", Map.of("slow", Map.of("seconds", 60), "quick",
                Map.of("seconds", 0.5)));
        String jobId = create(a(), dag(List.of(component("slow", "Sleep"), component("slowNext", "Noop", "slow"),
                component("quick", "Sleep"), component("quickNext", "Noop", "quick"))),
                config("node-a", "callback", params));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(taskStatus(status(a(), jobId)).get("slow")));
        awaitLaunchedEverywhere(status(a(), jobId).path("task_ids").path("slow").asString());
        Api.Response stop = a().post("/v1/platform/schedule/job/stop_task", NodeIT.ADMIN_TOKEN,
                Map.of("job_id", jobId, "task_name", "slow"));
        assertThat(stop.json().path("code").asInt()).as(stop.text()).isZero();
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).isEqualTo("STOPPED");
        assertThat(taskStatus(state)).containsEntry("slow", "FAILED").containsEntry("slowNext", "FAILED")
                .containsEntry("quick", "SUCCESS").containsEntry("quickNext", "SUCCESS");
    }

    @Test
    void pollModeWorksToo() {
        String jobId = create(a(), dag(diamond("Noop")), config("node-a", "poll", Map.of()));
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(taskStatus(state).values()).containsOnly("SUCCESS");
    }

    @Test
    void withinARoleOnlyThePartiesWhoseTaskParamsNameTheComponentTakePart() {
        Map<String, Object> config = new java.util.LinkedHashMap<>(config("node-a", "callback",
                Map.of("host", Map.of("1", Map.of("secondHostOnly", Map.of())))));
        config.put("role", Map.of("guest", List.of("node-a"), "host", List.of("node-b", "node-c")));
        String jobId = create(a(), dag(List.of(component("everyone", "Noop"),
                component("secondHostOnly", "Noop", "everyone"))), config);
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).isEqualTo("SUCCESS");
        String everyone = state.path("task_ids").path("everyone").asString();
        String narrowed = state.path("task_ids").path("secondHostOnly").asString();
        Map<String, String> expected = Map.of("node-a", "guest.0", "node-c", "host.1");
        for (String node : Federation.IDS) {
            Api api = federation.api(node);
            assertThat(log(api, everyone)).as(node).contains("Noop everyone");
            if (expected.containsKey(node)) {
                assertThat(log(api, narrowed)).as(node).contains("Noop secondHostOnly as " + expected.get(node));
            } else {
                assertThat(log(api, narrowed)).as(node).doesNotContain("Noop secondHostOnly");
            }
        }
    }

    private static String log(Api api, String taskId) {
        return api.get("/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=info&start=0",
                NodeIT.ADMIN_TOKEN).text();
    }

    private static void awaitLaunchedEverywhere(String taskId) {
        for (String node : Federation.IDS) {
            await().atMost(Duration.ofSeconds(20)).until(() -> federation.api(node)
                    .get("/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=info&start=0",
                            NodeIT.ADMIN_TOKEN).data().path("data").asString().contains("sleeping"));
        }
    }
}
