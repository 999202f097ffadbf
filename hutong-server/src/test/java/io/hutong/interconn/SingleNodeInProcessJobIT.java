package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hutong.runtime.TaskCallbacks;
import io.hutong.support.Api;
import io.hutong.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every test of {@link SingleNodeJobIT} again with the demo components run as code in the node
 * instead of as bash processes: the same contract (token callback, outputs, logs, exit codes).
 */
@TestPropertySource(properties = "hutong.runtime.process.builtins=in-process")
class SingleNodeInProcessJobIT extends SingleNodeJobIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskCallbacks callbacks;

    @Override
    protected String acceptedCallback() {
        return "callback SUCCESS: taken by the node";
    }

    @Test
    void aCallbackInTheNodeNeedsTheTaskTokenToo() {
        String jobId = run(List.of(component("only", "Noop")));
        String task = awaitEnd(api, jobId).path("task_ids").path("only").asString();
        assertThatThrownBy(() -> callbacks.report(task, "FAILED", "guest.0", "not-the-token"))
                .isInstanceOf(ApiException.class).hasMessageContaining("config.token");
    }

    @Test
    void noProcessIsSpawned() {
        String jobId = run(List.of(component("only", "Noop")));
        String task = awaitEnd(api, jobId).path("task_ids").path("only").asString();
        assertThat(jdbc.sql("select handle from bfia_task_unit where task_id = ?").param(task).query(String.class).list())
                .hasSize(3).allSatisfy(handle -> assertThat(handle).startsWith("in-process:"));
        assertThat(log(task, "debug")).contains("launched in-process: hutong/noop:1.0.0")
                .contains("exited with status 0").doesNotContain("launched pid");
    }

    @Test
    void aStoppedSleepEndsLikeAKilledProcess() {
        String jobId = run(List.of(component("slow", "Sleep")), Map.of("common", Map.of("slow", Map.of("seconds", 60))));
        JsonNode running = await().atMost(Duration.ofSeconds(20)).until(() -> status(api, jobId),
                state -> log(state.path("task_ids").path("slow").asString(), "info").contains("sleeping 60s"));
        String task = running.path("task_ids").path("slow").asString();
        Api.Response stop = api.post("/v1/platform/schedule/job/stop_all", ADMIN_TOKEN, Map.of("job_id", jobId));
        assertThat(stop.json().path("code").asInt()).as(stop.text()).isZero();
        assertThat(awaitEnd(api, jobId).path("result").asString()).isEqualTo("STOPPED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(log(task, "debug")).contains("exited with status 137"));
        assertThat(log(task, "info")).doesNotContain("callback SUCCESS");
    }

    @Test
    void statusAllWithWaitAnswersOnceTheJobHasEnded() {
        String jobId = run(List.of(component("slow", "Sleep")), Map.of("common", Map.of("slow", Map.of("seconds", 1))));
        long start = System.nanoTime();
        Api.Response waited = api.get("/v1/platform/schedule/job/status_all?job_id=" + jobId + "&wait=20", ADMIN_TOKEN);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited.json().path("code").asInt()).as(waited.text()).isZero();
        assertThat(waited.data().path("job_status").asString()).isEqualTo("FINISHED");
        assertThat(waited.data().path("result").asString()).isEqualTo("SUCCESS");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void statusAllWithWaitAnswersTheCurrentStateWhenTheWaitIsOver() {
        String jobId = run(List.of(component("slow", "Sleep")), Map.of("common", Map.of("slow", Map.of("seconds", 60))));
        long start = System.nanoTime();
        Api.Response waited = api.post("/v1/platform/schedule/job/status_all", ADMIN_TOKEN,
                Map.of("job_id", jobId, "wait", 1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(waited.data().path("job_status").asString()).as(waited.text()).isEqualTo("RUNNING");
        api.post("/v1/platform/schedule/job/stop_all", ADMIN_TOKEN, Map.of("job_id", jobId));
        assertThat(awaitEnd(api, jobId).path("result").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aWaitMustBeWholeSecondsUpToTwenty() {
        String jobId = run(List.of(component("only", "Noop")));
        for (String wait : List.of("x", "-1", "21")) {
            Api.Response refused = api.get("/v1/platform/schedule/job/status_all?job_id=" + jobId + "&wait=" + wait,
                    ADMIN_TOKEN);
            assertThat(refused.status()).as(wait).isEqualTo(400);
            assertThat(refused.json().path("msg").asString()).as(wait).contains("wait");
        }
        Api.Response unknown = api.get("/v1/platform/schedule/job/status_all?job_id=job-none&wait=5", ADMIN_TOKEN);
        assertThat(unknown.status()).isEqualTo(404);
    }

    private String log(String task, String level) {
        return api.get("/v1/platform/schedule/task/get_log?task_id=" + task + "&log_level=" + level + "&start=0",
                ADMIN_TOKEN).data().path("data").asString();
    }
}
