package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds BFIA DAGs and configs of the demo components, and drives jobs through the north-south API. */
public final class BfiaJobsFixture {

    private BfiaJobsFixture() {
    }

    /** A demo component (Noop, Fail, Sleep) named {@code name}, fed by the {@code data} output of {@code upstream}. */
    public static Map<String, Object> component(String name, String componentName, String... upstream) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", name);
        component.put("componentName", componentName);
        component.put("version", "1.0.0");
        component.put("provider", "hutong");
        List<Map<String, String>> input = new ArrayList<>();
        for (String up : upstream) {
            input.add(Map.of("key", up + ".data", "type", "dataset"));
        }
        component.put("input", input);
        component.put("output", List.of(Map.of("key", "data", "type", "dataset")));
        return component;
    }

    public static Map<String, Object> dag(List<Map<String, Object>> components) {
        return Map.of("version", "2.0.0", "components", components);
    }

    /** guest on node-a (the initiator unless given), host on node-b, arbiter on node-c. */
    public static Map<String, Object> config(String initiator, String syncType, Map<String, Object> taskParams) {
        Map<String, List<String>> roles = Map.of("guest", List.of("node-a"), "host", List.of("node-b"), "arbiter",
                List.of("node-c"));
        String role = roles.entrySet().stream().filter(e -> e.getValue().contains(initiator)).findFirst().orElseThrow()
                .getKey();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", "2.0.0");
        config.put("initiator", Map.of("role", role, "node_id", initiator));
        config.put("role", roles);
        config.put("job_params", Map.of("common", Map.of("sync_type", syncType)));
        config.put("task_params", taskParams);
        return config;
    }

    /** Creates the job through the north-south API of {@code node}; returns its id. */
    public static String create(Api api, Object dag, Object config) {
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", NodeIT.ADMIN_TOKEN,
                Map.of("flow_id", "flow-it", "dag", dag, "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        String jobId = created.data().path("job_id").asString();
        // lower case: a valid RFC 1123 label, as Kuscia names Kubernetes objects by job ids
        assertThat(jobId).matches("job-[a-z0-9]{32}|job-[a-z0-9]{21}");
        return jobId;
    }

    public static JsonNode status(Api api, String jobId) {
        Api.Response status = api.get("/v1/platform/schedule/job/status_all?job_id=" + jobId, NodeIT.ADMIN_TOKEN);
        assertThat(status.json().path("code").asInt()).as(status.text()).isZero();
        return status.data();
    }

    /** Waits until the job has ended as its scheduler sees it, and returns that state. */
    public static JsonNode awaitEnd(Api api, String jobId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("FINISHED", "REJECTED").contains(status(api, jobId).path("job_status").asString()));
        return status(api, jobId);
    }

    /** The job's status in this node's own records (query_job_list). */
    public static String localStatus(Api api, String jobId) {
        return api.get("/v1/platform/schedule/job/query_job_list", NodeIT.ADMIN_TOKEN).data().path("job_list")
                .path(jobId).asString();
    }
}
