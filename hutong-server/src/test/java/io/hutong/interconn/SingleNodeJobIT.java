package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.RecordedEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One node playing every role; component callbacks are accepted only with their task's token
 * here, since no address is trusted.
 */
@TestPropertySource(properties = "hutong.runtime.callback-addresses=203.0.113.7")
class SingleNodeJobIT extends NodeIT {

    @Autowired
    RecordedEvents events;

    @BeforeEach
    void components() {
        Federation.registerDemoComponents(api);
    }

    String run(List<Map<String, Object>> components) {
        return run(components, Map.of());
    }

    String run(List<Map<String, Object>> components, Map<String, Object> taskParams) {
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                "role", Map.of("guest", List.of("node-it"), "host", List.of("node-it"), "arbiter", List.of("node-it")),
                "job_params", Map.of("common", Map.of()), "task_params", taskParams);
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id", "f-1",
                "dag", Map.of("version", "2.0.0", "components", components), "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        return created.data().path("job_id").asString();
    }

    /** The line a component logs once the node took its callback, which carried the task's token. */
    protected String acceptedCallback() {
        return "callback SUCCESS: HTTP/1.1 200";
    }

    @Test
    void aNodeWithEveryRoleRunsThemAllAndComponentsAuthenticateWithTheirToken() {
        String jobId = run(List.of(component("first", "Noop"), component("second", "Noop", "first")));
        JsonNode state = awaitEnd(api, jobId);
        assertThat(state.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(events.ofType(BfiaJobEnded.class)).contains(new BfiaJobEnded(jobId, JobStatus.FINISHED,
                JobResult.SUCCESS, null));
        String second = state.path("task_ids").path("second").asString();
        String info = api.get("/v1/platform/schedule/task/get_log?task_id=" + second + "&log_level=info&start=0",
                ADMIN_TOKEN).data().path("data").asString();
        assertThat(info).contains("==> arbiter.0 <==", "==> guest.0 <==", "==> host.0 <==")
                .contains(acceptedCallback());
        assertThat(api.get("/v1/platform/schedule/job/query_job_list?flow_id=f-1", ADMIN_TOKEN).data()
                .path("job_list").path(jobId).asString()).isEqualTo("FINISHED");
    }

    @Test
    void aCallbackWithoutTheTaskTokenIsRefused() {
        String jobId = run(List.of(component("only", "Noop")));
        String task = awaitEnd(api, jobId).path("task_ids").path("only").asString();
        Api.Response forged = api.post("/v1/platform/schedule/task/callback", "not-the-token",
                Map.of("task_id", task, "status", "FAILED", "role", "guest.0"));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("code").asInt()).isEqualTo(401);
    }

    @Test
    void theEnvironmentContractReachesTheComponent() {
        String jobId = run(List.of(component("producer", "Noop"), component("consumer", "Sleep", "producer")));
        JsonNode state = awaitEnd(api, jobId);
        String producer = state.path("task_ids").path("producer").asString();
        String log = api.get("/v1/platform/schedule/task/get_log?task_id=" + producer + "&log_level=info&start=0",
                ADMIN_TOKEN).data().path("data").asString();
        assertThat(log).contains("wrote output data to").contains(jobId + "-guest-0/" + producer + "-data");
    }

    @Test
    void logsAreReadByLineAndLevel() {
        String jobId = run(List.of(component("logged", "Fail")));
        String task = awaitEnd(api, jobId).path("task_ids").path("logged").asString();
        int lines = api.get("/v1/platform/schedule/task/get_log_line?task_id=" + task + "&log_level=error", ADMIN_TOKEN)
                .data().path("num").asInt();
        List<String> all = api.get("/v1/platform/schedule/task/get_log?task_id=" + task + "&log_level=error&start=0",
                ADMIN_TOKEN).data().path("data").asString().lines().toList();
        assertThat(all).hasSize(lines).startsWith("==> arbiter.0 <==").contains("Fail component: failing on purpose");
        String secondOnly = api.get("/v1/platform/schedule/task/get_log?task_id=" + task
                + "&log_level=error&start=1&length=1", ADMIN_TOKEN).data().path("data").asString();
        assertThat(secondOnly).isEqualTo(all.get(1));
        Api.Response badLevel = api.get("/v1/platform/schedule/task/get_log_line?task_id=" + task + "&log_level=trace",
                ADMIN_TOKEN);
        assertThat(badLevel.data().path("ruleViolated").path("log_level").get(0).asString())
                .isEqualTo("oneOf(info,debug,error)");
        Api.Response badStart = api.get("/v1/platform/schedule/task/get_log?task_id=" + task
                + "&log_level=info&start=-1", ADMIN_TOKEN);
        assertThat(badStart.data().path("ruleViolated").path("start").get(0).asString()).isEqualTo("min(0)");
        assertThat(api.get("/v1/platform/schedule/task/get_log_line?task_id=task_nope&log_level=info", ADMIN_TOKEN)
                .status()).isEqualTo(404);
    }

    @Test
    void theNorthSouthApiNeedsAToken() {
        Api.Response anonymous = api.get("/v1/platform/schedule/job/query_job_list", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("code").asInt()).isEqualTo(401);
    }
}
