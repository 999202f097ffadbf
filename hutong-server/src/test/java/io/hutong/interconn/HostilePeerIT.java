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
import io.hutong.web.TransportOutbound;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * node-d is a fourth node, correctly signed and let in as a peer by node-a, node-b and node-c. It
 * tries every move a hostile peer could against their jobs: each is refused with the rule it
 * breaks, in the BFIA envelope and never with a 5xx, and nothing of the job changes. A move it may
 * make, as the scheduler of its own job, is let in.
 */
class HostilePeerIT {

    private static final String PREFIX = "/v1/interconn/schedule/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Federation federation;
    private String jobId;
    private String taskId;

    @BeforeAll
    static void start() {
        federation = new Federation();
        federation.join("node-d", "--hutong.interconn.approval.mode=manual");
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    /** A job of node-a with node-b and node-c, its one task sleeping at all three. */
    @BeforeEach
    void runningJob() {
        jobId = create(federation.api("node-a"), dag(List.of(component("s", "Sleep"), component("t", "Noop", "s"))),
                config("node-a", "callback", Map.of("common", Map.of("s", Map.of("seconds", 120)))));
        taskId = await().atMost(Duration.ofSeconds(30)).until(() -> status(federation.api("node-a"), jobId)
                .path("task_ids").path("s").asString(""), id -> !id.isEmpty());
        for (String node : Federation.IDS) {
            await().atMost(Duration.ofSeconds(30)).until(() -> units(node, taskId, "RUNNING") == 1);
        }
    }

    private static Api.Response fromD(String to, String path, Object body) {
        return federation.eastWest("node-d", to, "POST", PREFIX + path, JSON.writeValueAsString(body), headers -> { });
    }

    private static void assertRefused(Api.Response answer, int code, String rule) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(code);
        assertThat(answer.json().path("code").asInt()).isEqualTo(code);
        assertThat(answer.json().path("msg").asString()).contains(rule);
    }

    /** The job is as it was: running everywhere, its task's units still running. */
    private void assertUntouched() {
        for (String node : Federation.IDS) {
            assertThat(localStatus(federation.api(node), jobId)).isEqualTo("RUNNING");
            assertThat(units(node, taskId, "RUNNING")).as(node).isEqualTo(1);
        }
        assertThat(status(federation.api("node-a"), jobId).path("status").path(taskId).asString()).isEqualTo("RUNNING");
    }

    private static int units(String node, String task, String status) {
        return federation.node(node).getBean(JdbcClient.class).sql("select count(*) from bfia_task_unit where task_id = ? "
                + "and node_id = ? and status = ?").params(task, node, status).query(Integer.class).single();
    }

    @Test
    void aCreateAllNamingAnotherNodeAsInitiatorIsRefused() {
        // node-a trusts node-b's jobs and would approve this one by itself
        Map<String, Object> config = config("node-b", "callback", Map.of());
        String forged = "job-" + UUID.randomUUID().toString().replace("-", "");
        Api.Response answer = fromD("node-b", "job/create_all", Map.of("job_id", forged, "flow_id", "forged",
                "dag", dag(List.of(component("x", "Noop"))), "config", config));
        assertRefused(answer, 403, "node-d is not the initiator of " + forged);
        for (String node : Federation.IDS) {
            assertThat(federation.node(node).getBean(JdbcClient.class).sql("select count(*) from bfia_job where job_id = ?")
                    .param(forged).query(Integer.class).single()).isZero();
        }
        assertUntouched();
    }

    @Test
    void startTaskStartAndStopFromANodeThatIsNotTheSchedulerAreRefused() {
        String next = "task_" + UUID.randomUUID().toString().replace("-", "");
        assertRefused(fromD("node-b", "job/start", Map.of("job_id", jobId)), 403,
                "node-d is not the scheduler of " + jobId);
        assertRefused(fromD("node-b", "task/start", Map.of("job_id", jobId, "task_id", next, "task_name", "t")), 403,
                "node-d is not the scheduler of " + jobId);
        assertRefused(fromD("node-b", "job/stop", Map.of("job_id", jobId)), 403, "node-d is not the scheduler of " + jobId);
        assertRefused(fromD("node-c", "job/stop", Map.of("job_id", jobId, "task_name", "s")), 403,
                "node-d is not the scheduler");
        assertRefused(fromD("node-a", "job/create", Map.of("job_id", jobId, "dag", Map.of(), "config", Map.of())), 403,
                "node-d is not the scheduler of " + jobId);
        assertThat(federation.node("node-b").getBean(JdbcClient.class).sql("select count(*) from bfia_task where task_id = ?")
                .param(next).query(Integer.class).single()).isZero();
        assertUntouched();
    }

    @Test
    void aCallbackForAnotherPartysUnitAndAStopAllFromANonPartyAreRefused() {
        assertRefused(fromD("node-a", "task/callback", Map.of("task_id", taskId, "status", "FAILED", "role", "host",
                "role_index", 0)), 403, "node-d does not play host.0 in task " + taskId);
        assertRefused(fromD("node-a", "task/callback", Map.of("task_id", taskId, "status", "FAILED", "role", "host")),
                400, "takes no single part");
        assertRefused(fromD("node-a", "job/stop_all", Map.of("job_id", jobId)), 403, "node-d is not a party of " + jobId);
        assertRefused(fromD("node-a", "job/audit_confirm", Map.of("job_id", jobId, "status", "REJECTED")), 403,
                "node-d is not a party of " + jobId);
        assertUntouched();
    }

    @Test
    void statusAndPollAreAnsweredToPartiesAndTheSchedulerOnly() {
        Api.Response status = federation.eastWest("node-d", "node-a", "GET", PREFIX + "job/status_all?job_id=" + jobId,
                "", headers -> { });
        assertRefused(status, 403, "node-d is not a party of " + jobId);
        assertRefused(fromD("node-b", "task/poll", Map.of("task_id", taskId, "role", "host")), 403,
                "node-d is not the scheduler of " + jobId);
        Api.Response party = federation.eastWest("node-b", "node-a", "GET", PREFIX + "job/status_all?job_id=" + jobId,
                "", headers -> { });
        assertThat(party.json().path("data").path("job_status").asString()).as(party.text()).isEqualTo("RUNNING");
    }

    @Test
    void theTransportTakesNoMessagesForTasksTheCallerTakesNoPartIn() throws Exception {
        assertThat(invoke("node-b", taskId)).isEqualTo("E0000000403");
        for (int i = 0; i < 200; i++) {
            assertThat(invoke("node-b", "task_made_up_" + i)).isEqualTo("E0000000403");
        }
        assertUntouched();
    }

    /** node-d's invoke at another node, as its node hands on a container's push; the answer's code. */
    private static String invoke(String to, String session) throws Exception {
        String path = "/v1/interconn/chan/invoke?session_id=" + session + "&topic=t";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(federation.api(to).base() + path))
                .POST(HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "application/octet-stream");
        federation.signedHeaders("node-d", to, "POST", path, "x", headers -> { }).forEach(request::header);
        HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return TransportOutbound.fromProtobuf(answer.body()).code();
    }

    /**
     * As scheduler of its own job, node-d is let in; yet node-c launches nothing before it approved
     * the job, and a crafted task/start with another id for a task is refused, not a 500.
     */
    @Test
    void aSchedulersOwnJobIsLetInButRunsNothingUnapprovedOrCrafted() {
        String own = "job-" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-d"),
                "role", Map.of("guest", List.of("node-d"), "host", List.of("node-c")),
                "job_params", Map.of("common", Map.of()), "task_params", Map.of());
        Api.Response created = fromD("node-c", "job/create", Map.of("job_id", own, "dag",
                dag(List.of(component("x", "Noop"))), "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        String first = "task_" + UUID.randomUUID().toString().replace("-", "");

        assertRefused(fromD("node-c", "job/start", Map.of("job_id", own)), 409, "node-c has not approved " + own);
        assertRefused(fromD("node-c", "task/start", Map.of("job_id", own, "task_id", first, "task_name", "x")), 409,
                "node-c has not approved " + own);
        assertThat(units("node-c", first, "RUNNING")).isZero();

        Api c = federation.api("node-c");
        assertThat(c.post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN, Map.of("job_id", own,
                "status", "READY")).json().path("code").asInt()).isZero();
        assertThat(fromD("node-c", "task/start", Map.of("job_id", own, "task_id", first, "task_name", "x"))
                .json().path("code").asInt()).isZero();
        String crafted = "task_" + UUID.randomUUID().toString().replace("-", "");
        assertRefused(fromD("node-c", "task/start", Map.of("job_id", own, "task_id", crafted, "task_name", "x")), 409,
                "task x of " + own + " is " + first + ", not " + crafted);
        assertRefused(fromD("node-c", "task/start", Map.of("job_id", own, "task_id", taskId, "task_name", "x")), 409,
                "is " + first);
    }

    @AfterEach
    void end() {
        federation.api("node-a").post("/v1/platform/schedule/job/stop_all", NodeIT.ADMIN_TOKEN, Map.of("job_id", jobId));
        JsonNode ended = awaitEnd(federation.api("node-a"), jobId);
        assertThat(ended.path("result").asString()).isEqualTo("STOPPED");
    }
}
