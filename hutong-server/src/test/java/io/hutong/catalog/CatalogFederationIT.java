package io.hutong.catalog;

import static io.hutong.catalog.CatalogFixtures.body;
import static io.hutong.catalog.CatalogFixtures.ids;
import static io.hutong.catalog.CatalogFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.BfiaJobsFixture;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The shipped BFIA templates on a three-node federation: the chosen peers take part and the job finishes. */
class CatalogFederationIT {

    private static Federation federation;
    private static Api a;

    @BeforeAll
    static void start() {
        federation = new Federation();
        a = federation.api("node-a");
        CatalogFixtures.refresh(a);
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static JsonNode status(String taskId) {
        return ok(a.post("/api/v1/task_status", NodeIT.ADMIN_TOKEN, body(Map.of("task_id", taskId))));
    }

    /** Waits on node-a's stored task status: the job's end must move the task on by itself. */
    private static JsonNode awaitEnd(String taskId) {
        JdbcClient jdbc = federation.node("node-a").getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> !"running".equals(
                jdbc.sql("select status from catalog_task where task_id = ?").param(taskId).query(String.class).single()));
        return status(taskId);
    }

    @Test
    void aThreePartyTrainingRunsOnTheChosenNodes() {
        JsonNode plan = ok(a.post("/api/v1/query_computing_resources_by_task_template", NodeIT.ADMIN_TOKEN,
                body(Map.of("template_id", "three-party-training", "parameters", Map.of("seconds", 1)))));
        JsonNode parties = plan.path("steps").get(0).path("parties");
        assertThat(parties).extracting(p -> p.path("party").asString()).containsExactly("guest", "host", "arbiter");
        assertThat(ids(parties.get(0).path("instances"))).containsExactly("local:node-a");
        assertThat(ids(parties.get(1).path("instances"))).containsExactly("peer:node-b", "peer:node-c");
        String taskId = plan.path("task_id").asString();

        JsonNode started = ok(a.post("/api/v1/task_path/", NodeIT.ADMIN_TOKEN, body(Map.of("task_id", taskId,
                "path", List.of(Map.of("step", "training", "party", "host", "instance_id", "peer:node-c"),
                        Map.of("step", "training", "party", "arbiter", "instance_id", "peer:node-b"))))));
        JsonNode execution = started.path("executions").get(0);
        assertThat(execution.path("kind").asString()).isEqualTo("bfia");
        assertThat(execution.path("instance_id").asString())
                .isEqualTo("guest=local:node-a,host=peer:node-c,arbiter=peer:node-b");
        String jobId = execution.path("links").path("job_id").asString();

        JsonNode done = awaitEnd(taskId);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode atHost = BfiaJobsFixture.awaitEnd(federation.api("node-c"), jobId);
        assertThat(atHost.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(atHost.path("task_ids").has("evaluate")).isTrue();
        assertThat(BfiaJobsFixture.status(a, jobId).path("job_status").asString()).isEqualTo("FINISHED");
    }

    @Test
    void aTwoPartyPsiTakesTheFirstRankedHostWhenNoneIsChosenAndReportsItsOutputs() {
        load(a, "demo", "guest", "uid,score\nu1,7\nu2,3\nu3,9\n");
        load(federation.api("node-b"), "demo", "host", "uid,age\nu2,41\nu3,35\nu4,28\n");
        String taskId = ok(a.post("/api/v1/query_computing_resources_by_task_template/", NodeIT.ADMIN_TOKEN,
                body(Map.of("template_id", "two-party-psi")))).path("task_id").asString();
        JsonNode started = ok(a.post("/api/v1/task_path", NodeIT.ADMIN_TOKEN, body(Map.of("task_id", taskId))));
        assertThat(started.path("executions").get(0).path("instance_id").asString())
                .isEqualTo("guest=local:node-a,host=peer:node-b");
        JsonNode done = awaitEnd(taskId);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode output = done.path("executions").get(0).path("live").path("job_outputs").get(0);
        assertThat(output.path("task_name").asString()).isEqualTo("intersect");
        assertThat(output.path("rows").asLong()).isEqualTo(2);
        Api.Response data = a.get("/api/datasets/" + output.path("namespace").asString() + "/"
                + output.path("name").asString() + "/data", NodeIT.ADMIN_TOKEN);
        assertThat(data.text()).isEqualTo("uid,score\nu2,3\nu3,9\n");
    }

    private static void load(Api node, String namespace, String name, String csv) {
        Api.Response loaded = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/datasets/" + namespace
                + "/" + name + "?overwrite=true")).POST(HttpRequest.BodyPublishers.ofString(csv)), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }
}
