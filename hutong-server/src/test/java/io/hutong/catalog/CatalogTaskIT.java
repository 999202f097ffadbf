package io.hutong.catalog;

import static io.hutong.catalog.CatalogFixtures.body;
import static io.hutong.catalog.CatalogFixtures.ids;
import static io.hutong.catalog.CatalogFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.dbc.DbcFixtures;
import io.hutong.pack.PackFixtures;
import io.hutong.pack.Packs;
import io.hutong.pack.UsageRecord;
import io.hutong.standin.StandinDbcClient;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Template → path → run on one node: a training on a pack that finishes (its usage record closed)
 * or runs out of time (its job stopped), a component on this node, a DBC VM that reaches running
 * on the stand-in dbc_client; and refusals that leave nothing behind.
 */
class CatalogTaskIT extends NodeIT {

    private static final String MACHINE = DbcFixtures.nodeId();
    private static StandinDbcClient standin;

    @Autowired
    Packs packs;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startStandin() {
        standin = DbcFixtures.standin(MACHINE);
    }

    @AfterAll
    static void stopStandin() {
        standin.close();
    }

    @BeforeEach
    void components() {
        Federation.registerDemoComponents(api);
    }

    private String pack(TestUser user, long seconds) {
        return new PackFixtures(api).timing(user, "pack-" + seconds, seconds).path("userPackId").asString();
    }

    private JsonNode plan(TestUser user, Map<String, Object> data) {
        return ok(api.post("/api/v1/query_computing_resources_by_task_template/", user.token(), body(data)));
    }

    private JsonNode path(TestUser user, String taskId, List<Map<String, Object>> path) {
        return ok(api.post("/api/v1/task_path", user.token(), body(Map.of("task_id", taskId, "path", path))));
    }

    private JsonNode status(TestUser user, String taskId) {
        return ok(api.post("/api/v1/task_status/", user.token(), body(Map.of("task_id", taskId))));
    }

    /**
     * Waits for the task's stored status, not the status endpoint (which also reconciles): the
     * events of its job, pack or VM must move it on by themselves.
     */
    private JsonNode awaitTask(TestUser user, String taskId, String expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> expected.equals(
                jdbc.sql("select status from catalog_task where task_id = ?").param(taskId).query(String.class).single()));
        return status(user, taskId);
    }

    @Test
    void aTrainingOnAPackRunsItsJobAndClosesItsUsageRecord() {
        TestUser user = newUser();
        String packId = pack(user, 3_600);
        String raw = "{\"source\":\"ctyun\", \"session_identifier\":\"sess-pack-" + user.id() + "\",\n \"data\": "
                + "{\"userID\": \"portal-9\", \"template_id\": \"gpu-training\", \"parameters\": {\"seconds\": 1}}}";
        JsonNode plan = ok(api.post("/api/v1/query_computing_resources_by_task_template", user.token(), raw));
        String taskId = plan.path("task_id").asString();
        assertThat(taskId).matches("ct-[0-9a-f]{32}");
        assertThat(plan.path("status").asString()).isEqualTo("planned");
        JsonNode step = plan.path("steps").get(0);
        assertThat(step.path("step").asString()).isEqualTo("train");
        assertThat(ids(step.path("instances"))).containsExactly("pack:" + packId);
        assertThat(CatalogFixtures.find(step.path("rejected"), "local:node-it").path("reasons").toString())
                .contains("accelerator_count: 0, wants 1+");
        // the operation record keeps the body byte for byte
        assertThat(jdbc.sql("select body from catalog_operation where task_id = ? and kind = ?")
                .params(taskId, "query_computing_resources_by_task_template").query(String.class).single())
                .isEqualTo(raw);

        JsonNode started = path(user, taskId, List.of(Map.of("step", "train", "instance_id", "pack:" + packId)));
        assertThat(started.path("status").asString()).isEqualTo("running");
        JsonNode execution = started.path("executions").get(0);
        assertThat(execution.path("kind").asString()).isEqualTo("pack");
        assertThat(execution.path("source").asString()).isEqualTo("ctyun");
        assertThat(execution.path("links").path("job_id").asString()).startsWith("job-");
        assertThat(execution.path("links").path("pack_id").asString()).isEqualTo(packId);
        long usageId = execution.path("links").path("usage_record_id").asLong();
        assertThat(packs.usage(usageId).orElseThrow().running()).isTrue();

        JsonNode done = awaitTask(user, taskId, "succeeded");
        assertThat(done.path("executions").get(0).path("live").path("job_result").asString()).isEqualTo("SUCCESS");
        UsageRecord usage = packs.usage(usageId).orElseThrow();
        assertThat(usage.running()).isFalse();
        assertThat(usage.endReason()).isEqualTo("finished");
        assertThat(done.path("ended_at").asString()).isNotBlank();

        Api.Response again = api.post("/api/v1/task_path/", user.token(), body(Map.of("task_id", taskId)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("message").asString()).contains("already has a path");
        Api.Response stranger = api.post("/api/v1/task_status", newUser().token(), body(Map.of("task_id", taskId)));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.json().path("code").asInt()).isEqualTo(404);
    }

    @Test
    void aPackThatRunsOutStopsItsJobAndTheTaskSaysSo() {
        TestUser user = newUser();
        String packId = pack(user, 3_600);
        String taskId = plan(user, Map.of("template_id", "gpu-training", "parameters", Map.of("seconds", 7_200)))
                .path("task_id").asString();
        JsonNode started = path(user, taskId, List.of());
        JsonNode execution = started.path("executions").get(0);
        assertThat(execution.path("instance_id").asString()).isEqualTo("pack:" + packId);
        long usageId = execution.path("links").path("usage_record_id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(status(user, taskId).path("executions")
                .get(0).path("live").path("job_status").asString()));

        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(3_601));
        JsonNode stopped = awaitTask(user, taskId, "stopped");
        JsonNode step = stopped.path("executions").get(0);
        assertThat(step.path("status").asString()).isEqualTo("stopped");
        assertThat(step.path("detail").asString()).startsWith("outOfTime: resource pack " + packId + " ran out at");
        assertThat(stopped.path("reason").asString()).contains("outOfTime");
        UsageRecord usage = packs.usage(usageId).orElseThrow();
        assertThat(usage.endReason()).isEqualTo("outOfTime");
        assertThat(usage.duration(TestClockConfiguration.CLOCK.instant())).isEqualTo(Duration.ofSeconds(3_600));
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(status(user, taskId).path("executions")
                .get(0).path("live").path("job_result").asString()));
    }

    @Test
    void aComponentOnThisNodeFromAnInlineTemplate() {
        TestUser user = newUser();
        Map<String, Object> template = Map.of("id", "quick-check", "name", "Quick check", "steps", List.of(Map.of(
                "name", "check", "kind", "training", "resources", Map.of("cpus", "1+", "provider", "local"),
                "component", Map.of("componentName", "Noop", "version", "1.0.0", "provider", "hutong"))));
        JsonNode plan = plan(user, Map.of("template", template));
        assertThat(ids(plan.path("steps").get(0).path("instances"))).containsExactly("local:node-it");
        String taskId = plan.path("task_id").asString();
        JsonNode started = path(user, taskId, List.of(Map.of("step", "check", "instance_id", "local:node-it")));
        assertThat(started.path("executions").get(0).path("kind").asString()).isEqualTo("local");
        JsonNode done = awaitTask(user, taskId, "succeeded");
        assertThat(done.path("executions").get(0).path("detail").asString()).contains("FINISHED (SUCCESS)");
    }

    @Test
    void aDbcVmIsCreatedOnTheChosenMachineAndFollowedToRunning() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        CatalogFixtures.refresh(api);
        JsonNode plan = plan(user, Map.of("template_id", "gpu-training", "limit", 10));
        String taskId = plan.path("task_id").asString();
        assertThat(ids(plan.path("steps").get(0).path("instances"))).contains("dbc:" + MACHINE + ":1",
                "dbc:" + MACHINE + ":4");
        JsonNode started = path(user, taskId, List.of(Map.of("step", "train", "instance_id", "dbc:" + MACHINE + ":2")));
        JsonNode execution = started.path("executions").get(0);
        assertThat(execution.path("kind").asString()).isEqualTo("dbc");
        assertThat(execution.path("status").asString()).isEqualTo("starting");
        String vmId = execution.path("links").path("vm_id").asString();
        JsonNode vm = infinite(api.get("/api/dbc/vms/" + vmId, user.token()), "General.Success");
        assertThat(vm.path("gpuCount").asInt()).isEqualTo(2);
        assertThat(vm.path("cpuCores").asInt()).isEqualTo(16);
        assertThat(vm.path("nodeId").asString()).isEqualTo(MACHINE);

        TestClockConfiguration.CLOCK.advance(DbcFixtures.CREATE_DELAY);
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(jdbc.sql(
                "select status from catalog_execution where task_id = ?").param(taskId).query(String.class).single()));
        JsonNode running = status(user, taskId);
        assertThat(running.path("status").asString()).isEqualTo("running");
        assertThat(running.path("executions").get(0).path("live").path("vm_status").asString()).isEqualTo("running");
        // and the stand-in dbc_client itself says so (through Hutong's gateway, which signs for the user)
        JsonNode details = api.post("/dbc/api/v1/tasks/" + vm.path("taskId").asString(), user.token(),
                Map.of("peer_nodes_list", List.of(MACHINE), "additional", Map.of())).json();
        assertThat(details.path("errcode").asInt()).as(details.toString()).isZero();
        assertThat(details.path("message").path("status").asString()).isEqualTo("running");
    }

    private static JsonNode infinite(Api.Response response, String code) {
        assertThat(response.code()).as(response.text()).isEqualTo(code);
        return response.data();
    }

    @Test
    void aRefusedPathLeavesNothingBehind() {
        TestUser user = newUser();
        String packId = pack(user, 3_600);
        Map<String, Object> template = Map.of("id", "two-steps", "steps", List.of(
                Map.of("name", "first", "kind", "training", "resources", Map.of("provider", "pack"),
                        "component", Map.of("componentName", "Sleep", "version", "1.0.0", "provider", "hutong")),
                Map.of("name", "second", "kind", "training", "resources", Map.of("provider", "local"),
                        "component", Map.of("componentName", "Missing", "version", "1.0.0", "provider", "hutong"))));
        String taskId = plan(user, Map.of("template", template)).path("task_id").asString();
        Api.Response refused = api.post("/api/v1/task_path", user.token(), body(Map.of("task_id", taskId)));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("message").asString()).contains("Missing");
        assertThat(refused.text()).doesNotContain("Exception");
        assertThat(status(user, taskId).path("status").asString()).isEqualTo("planned");
        assertThat(status(user, taskId).path("executions")).isEmpty();
        assertThat(packs.usablePacks(user.id())).extracting(p -> Long.toString(p.id())).contains(packId);
        assertThat(jdbc.sql("select count(*) from bfia_job where flow_id = ?").param(taskId).query(Long.class).single())
                .isZero();
    }

    @Test
    void aVmMadeForAPathRefusedAtALaterVmIsDeletedOnceTheClientTakesIt() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        CatalogFixtures.refresh(api);
        Map<String, Object> component = Map.of("componentName", "Sleep", "version", "1.0.0", "provider", "hutong");
        Map<String, Object> template = Map.of("id", "two-vms", "steps", List.of(
                Map.of("name", "one", "kind", "training", "resources", Map.of("provider", "dbc"),
                        "component", component, "vm", Map.of("image", "ubuntu.qcow2", "ssh_port", 31022, "vnc_port", 5911)),
                Map.of("name", "two", "kind", "training", "resources", Map.of("provider", "dbc"),
                        "component", component, "vm", Map.of("image", "missing.qcow2", "ssh_port", 31022, "vnc_port", 5911))));
        JsonNode plan = plan(user, Map.of("template", template));
        String taskId = plan.path("task_id").asString();
        String slice = ids(plan.path("steps").get(0).path("instances")).stream().filter(id -> id.startsWith("dbc:"))
                .findFirst().orElseThrow();
        Api.Response refused = api.post("/api/v1/task_path", user.token(), body(Map.of("task_id", taskId, "path",
                List.of(Map.of("step", "one", "instance_id", slice), Map.of("step", "two", "instance_id", slice)))));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.text()).contains("imageName");
        assertThat(status(user, taskId).path("status").asString()).isEqualTo("planned");
        assertThat(status(user, taskId).path("executions")).isEmpty();

        // the first VM exists at the client: it is recorded again after the rollback and deleted once it can be
        JsonNode made = await().atMost(Duration.ofSeconds(10)).until(
                () -> infinite(api.get("/api/dbc/vms", user.token()), "General.Success"), vms -> vms.size() == 1);
        String vmId = made.get(0).path("id").asString();
        assertThat(made.get(0).path("status").asString()).isEqualTo("creating");
        TestClockConfiguration.CLOCK.advance(DbcFixtures.CREATE_DELAY);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(5));
            assertThat(infinite(api.get("/api/dbc/vms/" + vmId, user.token()), "General.Success")
                    .path("status").asString()).isEqualTo("deleted");
        });
    }

    @Test
    void wrongTemplatesAndPathsNameTheFieldAndTheRule() {
        TestUser user = newUser();
        assertRefused(user, "query_computing_resources_by_task_template", Map.of(), 400,
                "params[data.template_id] oneOf(template_id,template)");
        assertRefused(user, "query_computing_resources_by_task_template", Map.of("template_id", "no-such"), 404,
                "no task template no-such");
        assertRefused(user, "query_computing_resources_by_task_template", Map.of("template_id", "gpu-training",
                "parameters", Map.of("secs", 1)), 400, "params[data.parameters.secs] unknown(seconds,image)");
        assertRefused(user, "query_computing_resources_by_task_template", Map.of("template", Map.of("id", "x",
                "steps", List.of(Map.of("name", "s", "kind", "training", "component", Map.of("componentName", "Noop",
                        "version", "1.0.0", "provider", "hutong", "parameters", Map.of("n", "${nope}")))))), 400,
                "params[data.template.steps[0]] placeholder(${nope} names no parameter or party)");
        assertRefused(user, "query_computing_resources_by_task_template", Map.of("template", Map.of("id", "x",
                "steps", List.of(Map.of("name", "s", "kind", "cron")))), 400,
                "params[data.template.steps[0].kind] oneOf(training,bfia)");
        assertRefused(user, "task_path", Map.of(), 400, "params[data.task_id] notBlank");
        assertRefused(user, "task_path", Map.of("task_id", "ct-none"), 404, "no task ct-none");
        String taskId = plan(user, Map.of("template_id", "gpu-training")).path("task_id").asString();
        assertRefused(user, "task_path", Map.of("task_id", taskId, "path", List.of(Map.of("step", "nope",
                "instance_id", "x"))), 400, "params[data.path[0].step] oneOf(train)");
        assertRefused(user, "task_path", Map.of("task_id", taskId), 400,
                "params[data.path] choose(train had no instance; name one)");
        assertRefused(user, "task_path", Map.of("task_id", taskId, "path", List.of(Map.of("step", "train",
                "instance_id", "local:node-it"))), 409, "does not fit now: accelerator_count: 0, wants 1+");
        assertThat(status(user, taskId).path("status").asString()).isEqualTo("planned");
    }

    private void assertRefused(TestUser user, String endpoint, Map<String, Object> data, int code, String message) {
        Api.Response refused = api.post("/api/v1/" + endpoint, user.token(), body(data));
        assertThat(refused.status()).as(refused.text()).isEqualTo(code);
        assertThat(refused.json().path("code").asInt()).isEqualTo(code);
        assertThat(refused.json().path("message").asString()).contains(message);
    }

    @Test
    void adminsKeepTemplates() {
        Map<String, Object> template = Map.of("id", "admin-made", "name", "Admin made", "parameters",
                Map.of("seconds", 2), "steps", List.of(Map.of("name", "run", "kind", "training",
                        "component", Map.of("componentName", "Sleep", "version", "1.0.0", "provider", "hutong",
                                "parameters", Map.of("seconds", "${seconds}")))));
        Api.Response saved = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base()
                + "/admin/catalog/templates/admin-made")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Api.JSON.writeValueAsString(template))), ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
        assertThat(saved.code()).as(saved.text()).isEqualTo("General.Success");
        assertThat(api.get("/admin/catalog/templates", ADMIN_TOKEN).data()).extracting(t -> t.path("id").asString())
                .contains("gpu-training", "two-party-psi", "three-party-training", "admin-made");
        assertThat(api.get("/admin/catalog/templates", newUser().token()).status()).isEqualTo(403);
        TestUser user = newUser();
        assertThat(plan(user, Map.of("template_id", "admin-made")).path("parameters").path("seconds").asInt())
                .isEqualTo(2);
        assertThat(api.delete("/admin/catalog/templates/admin-made", ADMIN_TOKEN).code()).isEqualTo("General.Success");
        assertThat(api.get("/admin/catalog/templates/admin-made", ADMIN_TOKEN).status()).isEqualTo(404);
        assertThat(api.get("/admin/catalog/providers", ADMIN_TOKEN).data().toString()).contains("ctyun");
        assertThat(api.get("/v3/api-docs/interop", null).text()).contains("/api/v1/query_computing_resources/",
                "/api/v1/task_path", "multi-constraint");
    }
}
