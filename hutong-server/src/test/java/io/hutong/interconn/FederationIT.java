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
        assertThat(state.path("task_ids").path("c1").asString()).matches("task_[A-Za-z0-9]{32}");
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
}
