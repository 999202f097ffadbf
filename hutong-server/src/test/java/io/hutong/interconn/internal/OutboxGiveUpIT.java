package io.hutong.interconn.internal;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.FakePeer;
import io.hutong.support.Federation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A message the peer keeps refusing is given up after {@code give-up-after} refusals: it stays in
 * the outbox with its last error, the messages behind it in its lane still go, a job this node
 * schedules fails with a reason that names the message, and a party whose scheduler refuses its
 * message asks the scheduler to stop the job.
 */
@TestPropertySource(properties = "hutong.interconn.outbox.give-up-after=2")
class OutboxGiveUpIT extends OutboxLaneIT {

    private static final String REFUSAL = "{\"code\":1,\"msg\":\"not here\"}";

    @Autowired
    JdbcClient jdbc;

    @Test
    void theMessagesBehindAGivenUpOneStillGo() {
        AtomicInteger calls = new AtomicInteger();
        // m1 is refused twice and given up; everything after it is taken
        try (FakePeer peer = new FakePeer(path -> calls.incrementAndGet() <= 2 ? REFUSAL : "{\"code\":0,\"data\":null}")) {
            String node = join(peer);
            for (String task : new String[] {"m1", "m2", "m3"}) {
                write(node, task);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> received(peer).size() == 4);
            assertThat(received(peer)).containsExactly("m1", "m1", "m2", "m3");
            Map<String, Object> givenUp = jdbc.sql("""
                    select attempts, refusals, last_error, delivered_at, next_attempt_at = 'infinity' as parked
                    from bfia_outbox where job_id = ? and target_node = ? order by id limit 1""")
                    .params(jobId, node).query().singleRow();
            assertThat(givenUp).containsEntry("attempts", 2).containsEntry("refusals", 2)
                    .containsEntry("delivered_at", null).containsEntry("parked", true);
            assertThat((String) givenUp.get("last_error")).contains("not here");
            peers.remove(node);
        }
    }

    @Test
    void attemptsThatFoundNoPeerDoNotCountAsRefusals() {
        AtomicInteger calls = new AtomicInteger();
        try (FakePeer peer = new FakePeer(path -> calls.incrementAndGet() <= 1 ? REFUSAL : "{\"code\":0,\"data\":null}")) {
            String node = join(peer);
            peers.save(node, "http://127.0.0.1:9");
            write(node, "m1");
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "select attempts from bfia_outbox where job_id = ? and target_node = ?").params(jobId, node)
                    .query(Integer.class).single() >= 2);

            peers.save(node, peer.url());

            await().atMost(Duration.ofSeconds(20)).until(() -> received(peer).size() == 2);
            assertThat(received(peer)).containsExactly("m1", "m1");
            await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                    "select delivered_at is not null from bfia_outbox where job_id = ? and target_node = ?")
                    .params(jobId, node).query(Boolean.class).single());
            peers.remove(node);
        }
    }

    @Test
    void aJobWhosePartyRefusesItsMessagesFails() {
        try (FakePeer party = new FakePeer(path -> REFUSAL)) {
            String node = join(party);
            Federation.registerDemoComponents(api);
            Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                    "role", Map.of("guest", List.of("node-it"), "host", List.of(node)),
                    "job_params", Map.of("common", Map.of()), "task_params", Map.of());
            Api.Response created = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id",
                    "refused", "dag", Map.of("version", "2.0.0", "components", List.of(component("a", "Noop"))),
                    "config", config));
            assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
            String id = created.data().path("job_id").asString();

            JsonNode ended = awaitEnd(api, id);
            assertThat(ended.path("job_status").asString()).isEqualTo("FINISHED");
            assertThat(ended.path("result").asString()).isEqualTo("FAILED");
            assertThat(ended.path("reason").asString()).contains("given up after 2 refusals",
                    "job/create on " + node + " failed: not here");
            // the stop that ended the job went out behind the create that was given up
            await().atMost(Duration.ofSeconds(20)).until(() -> !party.received("job/stop").isEmpty());
            peers.remove(node);
        }
    }

    @Test
    void aPartyWhoseSchedulerRefusesItsCallbackAsksTheSchedulerToStopTheJob() {
        try (FakePeer scheduler = new FakePeer(path -> path.endsWith("task/callback") ? REFUSAL : "{\"code\":0}")) {
            String node = join(scheduler);
            markUnsigned(node);
            Federation.registerDemoComponents(api);
            String job = "job-" + UUID.randomUUID().toString().replace("-", "");
            Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", node),
                    "role", Map.of("guest", List.of(node), "host", List.of("node-it")),
                    "job_params", Map.of("common", Map.of("sync_type", "callback")), "task_params", Map.of());
            fromPeer(node, "job/create", Map.of("job_id", job, "flow_id", "refused", "dag", Map.of("version",
                    "2.0.0", "components", List.of(component("a", "Noop"))), "config", config));
            assertThat(api.post("/v1/platform/schedule/job/audit", ADMIN_TOKEN, Map.of("job_id", job, "status",
                    "READY")).json().path("code").asInt()).isZero();
            fromPeer(node, "job/start", Map.of("job_id", job));
            fromPeer(node, "task/start", Map.of("job_id", job, "task_id", "task_"
                    + UUID.randomUUID().toString().replace("-", ""), "task_name", "a"));

            await().atMost(Duration.ofSeconds(20)).until(() -> !scheduler.received("job/stop_all").isEmpty());
            assertThat(scheduler.received("task/callback")).hasSize(2);
            JsonNode stop = json.readTree(scheduler.received("job/stop_all").get(0).body());
            assertThat(stop.path("job_id").asString()).isEqualTo(job);
            assertThat(stop.path("task_name").isMissingNode()).isTrue();
            assertThat(stop.path("reason").asString()).contains("node-it gave up task/callback after 2 refusals",
                    "not here");
            peers.remove(node);
        }
    }

    @Test
    void thePartysReasonForAStopAllIsTheJobsReason() {
        try (FakePeer party = new FakePeer(path -> "{\"code\":0}")) {
            String node = join(party);
            markUnsigned(node);
            Federation.registerDemoComponents(api);
            Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                    "role", Map.of("guest", List.of("node-it"), "host", List.of(node)),
                    "job_params", Map.of("common", Map.of()), "task_params", Map.of());
            String id = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id", "stopped",
                    "dag", Map.of("version", "2.0.0", "components", List.of(component("a", "Noop"))), "config", config))
                    .data().path("job_id").asString();

            fromPeer(node, "job/stop_all", Map.of("job_id", id, "reason", "gave up task/callback"));

            JsonNode ended = awaitEnd(api, id);
            assertThat(ended.path("result").asString()).isEqualTo("STOPPED");
            assertThat(ended.path("reason").asString()).isEqualTo("stopped by " + node + ": gave up task/callback");
            peers.remove(node);
        }
    }

    private void markUnsigned(String node) {
        assertThat(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/admin/trust/peers/" + node + "/unsigned"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"unsigned\": true}")), ADMIN_TOKEN,
                Map.of("Content-Type", "application/json")).code()).isEqualTo("General.Success");
    }

    private void fromPeer(String node, String path, Map<String, Object> body) {
        Api.Response answer = api.send(HttpRequest.newBuilder(URI.create(api.base() + Messages.PREFIX + path))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))), null,
                Map.of("Content-Type", "application/json", "x-source-node-id", node));
        assertThat(answer.json().path("code").asInt()).as(path + ": " + answer.text()).isZero();
    }
}
