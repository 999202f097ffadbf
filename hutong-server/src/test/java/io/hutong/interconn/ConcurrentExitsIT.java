package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.time.Duration;
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
 * timeout and the exits are lost.
 */
@TestPropertySource(properties = {"hutong.runtime.process.builtins=in-process",
        "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=5000"})
class ConcurrentExitsIT extends NodeIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void unitsEndingTogetherAllHaveTheirExitRecorded() {
        Federation.registerDemoComponents(api);
        List<Map<String, Object>> components = IntStream.range(0, 8).mapToObj(i -> component("n" + i, "Noop")).toList();
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                "role", Map.of("guest", List.of("node-it"), "host", List.of("node-it"), "arbiter", List.of("node-it")),
                "job_params", Map.of("common", Map.of()), "task_params", Map.of());
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id", "exits",
                "dag", Map.of("version", "2.0.0", "components", components), "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        String jobId = created.data().path("job_id").asString();

        assertThat(awaitEnd(api, jobId).path("result").asString()).isEqualTo("SUCCESS");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                select u.exit_code from bfia_task_unit u join bfia_task t on t.task_id = u.task_id where t.job_id = ?""")
                .param(jobId).query((rs, n) -> (Integer) rs.getObject(1)).list()).hasSize(24).containsOnly(0));
    }
}
