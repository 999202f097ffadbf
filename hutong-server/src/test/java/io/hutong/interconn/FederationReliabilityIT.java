package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.runtime.UnitHandle;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Nodes that go down, restart, or receive the same message twice: jobs still end right. */
class FederationReliabilityIT {

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

    private static Map<String, Object> chainDag() {
        return dag(List.of(component("slow", "Sleep"), component("after", "Noop", "slow")));
    }

    private static Map<String, Object> sleeping(double seconds) {
        return config("node-a", "callback", Map.of("common", Map.of("slow", Map.of("seconds", seconds))));
    }

    private static String taskId(String jobId, String name) {
        return status(a(), jobId).path("task_ids").path(name).asString();
    }

    private static void awaitSleeping(String node, String jobId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !taskId(jobId, "slow").isEmpty());
        String slow = taskId(jobId, "slow");
        await().atMost(Duration.ofSeconds(30)).until(() -> federation.api(node)
                .get("/v1/platform/schedule/task/get_log?task_id=" + slow + "&log_level=info&start=0",
                        NodeIT.ADMIN_TOKEN).data().path("data").asString().contains("sleeping"));
    }

    @Test
    void aPeerThatIsDownDelaysTheJobAndDoesNotBreakIt() {
        federation.stop("node-b");
        try {
            String jobId = create(a(), dag(List.of(component("one", "Noop"), component("two", "Noop", "one"))),
                    config("node-a", "callback", Map.of()));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> status(a(), jobId).path("job_status").asString().equals("PENDING"));
            federation.start("node-b");
            JsonNode state = awaitEnd(a(), jobId);
            assertThat(state.path("result").asString()).isEqualTo("SUCCESS");
        } finally {
            if (federation.node("node-b") == null) {
                federation.start("node-b");
            }
        }
    }

    @Test
    void aParticipantRestartedMidTaskPicksUpItsRunningProcess() {
        String jobId = create(a(), chainDag(), sleeping(4));
        awaitSleeping("node-b", jobId);
        federation.stop("node-b");
        federation.start("node-b");
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).as(state.toString()).isEqualTo("SUCCESS");
    }

    @Test
    void aSchedulerRestartedMidJobFinishesIt() {
        String jobId = create(a(), chainDag(), sleeping(4));
        awaitSleeping("node-a", jobId);
        federation.stop("node-a");
        federation.start("node-a");
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).as(state.toString()).isEqualTo("SUCCESS");
        assertThat(state.path("status").size()).isEqualTo(2);
    }

    @Test
    void aTaskWhoseProcessDiedWithItsNodeFailsAndTheJobStopsCleanly() {
        String jobId = create(a(), chainDag(), sleeping(120));
        awaitSleeping("node-b", jobId);
        String slow = taskId(jobId, "slow");
        String handle = federation.node("node-b").getBean(JdbcClient.class)
                .sql("select handle from bfia_task_unit where task_id = ? and node_id = 'node-b'").param(slow)
                .query(String.class).single();
        long pid = ((UnitHandle.LocalProcess) UnitHandle.parse(handle, null)).pid();
        federation.stop("node-b");
        ProcessHandle.of(pid).ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.onExit().join();
        });
        federation.start("node-b");
        JsonNode state = awaitEnd(a(), jobId);
        assertThat(state.path("result").asString()).isEqualTo("FAILED");
        assertThat(state.path("reason").asString()).contains("slow").contains("node-b");
        assertThat(state.path("status").path(taskId(jobId, "after")).asString()).isEqualTo("PENDING");
    }

    @Test
    void theSameEastWestRequestDeliveredTwiceChangesNothing() {
        Map<String, Object> dag = dag(List.of(component("once", "Noop")));
        Map<String, Object> config = config("node-a", "callback", Map.of());
        String jobId = create(a(), dag, config);
        JsonNode before = awaitEnd(a(), jobId);
        assertThat(before.path("result").asString()).isEqualTo("SUCCESS");
        String once = before.path("task_ids").path("once").asString();
        Api b = federation.api("node-b");

        assertThat(eastWest(b, "job/create", Map.of("job_id", jobId, "flow_id", "flow-it", "dag", dag,
                "config", config))).isZero();
        assertThat(eastWest(b, "job/start", Map.of("job_id", jobId))).isZero();
        assertThat(eastWest(b, "task/start", Map.of("task_id", once, "job_id", jobId, "task_name", "once"))).isZero();
        assertThat(eastWest(a(), "task/callback", Map.of("task_id", once, "status", "SUCCESS", "role", "host")))
                .isZero();
        assertThat(eastWest(a(), "job/audit_confirm", Map.of("job_id", jobId, "status", "READY"))).isZero();

        assertThat(status(a(), jobId)).isEqualTo(before);
        assertThat(status(b, jobId)).isEqualTo(before);
        String launches = b.get("/v1/platform/schedule/task/get_log?task_id=" + once + "&log_level=debug&start=0",
                NodeIT.ADMIN_TOKEN).data().path("data").asString();
        assertThat(launches.lines().filter(line -> line.contains("launched pid"))).hasSize(1);
        assertThat(b.get("/v1/platform/schedule/job/query_job_list", NodeIT.ADMIN_TOKEN).data().path("job_list")
                .path(jobId).asString()).isEqualTo("FINISHED");
    }

    /** An east-west call as node-a makes it (node-b for the calls parties make to the scheduler), signed. */
    private static int eastWest(Api target, String path, Object body) {
        String from = path.startsWith("task/callback") || path.startsWith("job/audit") ? "node-b" : "node-a";
        String to = target.base().equals(a().base()) ? "node-a" : "node-b";
        return federation.eastWest(from, to, "POST", "/v1/interconn/schedule/" + path, Api.JSON.writeValueAsString(body),
                headers -> { }).json().path("code").asInt(-1);
    }
}
