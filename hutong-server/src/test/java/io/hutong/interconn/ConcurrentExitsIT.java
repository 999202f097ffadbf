package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.runtime.TaskLogs;
import io.hutong.support.NodeIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Many units of a job ending at once on a node with two database connections: recording their
 * exits must not hold one connection while waiting for another, or the pool starves until its
 * timeout and the exits are lost. An exit is recorded only where it can still decide: a unit that
 * reported its end leaves its exit status to its debug log.
 */
@TestPropertySource(properties = {"hutong.runtime.process.builtins=in-process",
        "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=5000"})
class ConcurrentExitsIT extends NodeIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskLogs logs;

    @Test
    void unitsEndingTogetherWithoutCallbacksAllHaveTheirExitRecorded() {
        // Fail exits 1 without calling back; the units a stop overtook exit 137
        String jobId = parallelJob("Fail");

        assertThat(awaitEnd(api, jobId).path("result").asString()).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(exitCodes(jobId)).hasSize(24)
                .doesNotContainNull());
    }

    @Test
    void unitsThatReportedTheirEndLeaveTheExitToTheirDebugLog() {
        String jobId = parallelJob("Noop");

        assertThat(awaitEnd(api, jobId).path("result").asString()).isEqualTo("SUCCESS");
        List<TaskLogs.Unit> units = jdbc.sql("""
                select u.task_id, u.role, u.role_index from bfia_task_unit u join bfia_task t on t.task_id = u.task_id
                where t.job_id = ?""").param(jobId)
                .query((rs, n) -> new TaskLogs.Unit(jobId, rs.getString(1), rs.getString(2), rs.getInt(3))).list();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> lines = new ArrayList<>();
            logs.read(units, "debug", 0, Long.MAX_VALUE, lines::add);
            assertThat(lines).filteredOn(line -> line.contains("exited with status 0")).hasSize(24);
        });
        assertThat(exitCodes(jobId)).hasSize(24).containsOnlyNulls();
    }

    /** Eight components side by side, each as guest, host and arbiter of this one node. */
    private String parallelJob(String componentName) {
        Federation.registerDemoComponents(api);
        List<Map<String, Object>> components = IntStream.range(0, 8).mapToObj(i -> component("n" + i, componentName))
                .toList();
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                "role", Map.of("guest", List.of("node-it"), "host", List.of("node-it"), "arbiter", List.of("node-it")),
                "job_params", Map.of("common", Map.of()), "task_params", Map.of());
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id", "exits",
                "dag", Map.of("version", "2.0.0", "components", components), "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        return created.data().path("job_id").asString();
    }

    private List<Integer> exitCodes(String jobId) {
        return jdbc.sql("""
                select u.exit_code from bfia_task_unit u join bfia_task t on t.task_id = u.task_id where t.job_id = ?""")
                .param(jobId).query((rs, n) -> (Integer) rs.getObject(1)).list();
    }
}
