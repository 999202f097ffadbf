package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.component;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** create_all refuses a bad job at once, naming the component and the rule it breaks. */
class JobValidationIT extends NodeIT {

    @BeforeEach
    void components() {
        Federation.registerDemoComponents(api);
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initiator", Map.of("role", "guest", "node_id", "node-it"));
        config.put("role", Map.of("guest", List.of("node-it"), "host", List.of("node-it")));
        config.put("job_params", Map.of("common", Map.of()));
        config.put("task_params", Map.of());
        return config;
    }

    private Api.Response create(List<Map<String, Object>> components, Map<String, Object> config) {
        return api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("dag",
                Map.of("version", "2.0.0", "components", components), "config", config));
    }

    private void assertRefused(Api.Response response, String field, String ruleStart) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().path("code").asInt()).isEqualTo(400);
        assertThat(response.data().path("ruleViolated").path(field).get(0).asString()).as(response.text())
                .startsWith(ruleStart);
        assertThat(response.json().path("msg").asString()).contains(field);
    }

    @Test
    void componentNamesAreUnique() {
        assertRefused(create(List.of(component("x", "Noop"), component("x", "Noop")), config()),
                "dag.components.x.name", "unique");
    }

    @Test
    void anInputMustNameAnUpstreamOutput() {
        assertRefused(create(List.of(component("a", "Noop"), component("b", "Noop", "nobody")), config()),
                "dag.components.b.input[0].key", "upstream(");
        Map<String, Object> b = new LinkedHashMap<>(component("b", "Noop"));
        b.put("input", List.of(Map.of("key", "a.model", "type", "dataset")));
        assertRefused(create(List.of(component("a", "Noop"), b), config()), "dag.components.b.input[0].key",
                "upstream(a has no output model)");
    }

    @Test
    void anInputHasTheTypeOfItsUpstreamOutput() {
        Map<String, Object> b = new LinkedHashMap<>(component("b", "Noop"));
        b.put("input", List.of(Map.of("key", "a.data", "type", "model")));
        assertRefused(create(List.of(component("a", "Noop"), b), config()), "dag.components.b.input[0].type",
                "sameType(a.data is dataset)");
    }

    @Test
    void cyclesAreRefused() {
        assertRefused(create(List.of(component("a", "Noop", "c"), component("b", "Noop", "a"),
                component("c", "Noop", "b")), config()), "dag.components.a.input", "acyclic");
    }

    @Test
    void everyRoleHasNodes() {
        Map<String, Object> config = config();
        config.put("role", Map.of("guest", List.of("node-it"), "host", List.of()));
        assertRefused(create(List.of(component("a", "Noop")), config), "config.role.host", "notEmpty");
    }

    @Test
    void componentsMustBeRegistered() {
        Map<String, Object> unknown = new LinkedHashMap<>(component("a", "Noop"));
        unknown.put("version", "9.9.9");
        assertRefused(create(List.of(unknown), config()), "dag.components.a.componentName",
                "registered(Noop 9.9.9 hutong");
    }

    @Test
    void taskParamsNameOnlyComponentsOfTheDag() {
        Map<String, Object> config = config();
        config.put("task_params", Map.of("common", Map.of("ghost", Map.of("x", 1))));
        assertRefused(create(List.of(component("a", "Noop")), config), "config.task_params.common.ghost",
                "component(");
        config.put("task_params", Map.of("host", Map.of("3", Map.of("a", Map.of()))));
        assertRefused(create(List.of(component("a", "Noop")), config), "config.task_params.host.3", "index(0..0)");
    }

    @Test
    void theInitiatorIsThisNode() {
        Map<String, Object> config = config();
        config.put("initiator", Map.of("role", "guest", "node_id", "node-elsewhere"));
        config.put("role", Map.of("guest", List.of("node-elsewhere"), "host", List.of("node-it")));
        assertRefused(create(List.of(component("a", "Noop")), config), "config.initiator.node_id", "thisNode(node-it)");
    }

    @Test
    void missingPiecesAreNamed() {
        Map<String, Object> noName = new LinkedHashMap<>(component("a", "Noop"));
        noName.remove("name");
        assertRefused(create(List.of(noName), config()), "dag.components[0].name", "notBlank");
        Api.Response noDag = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("config", config()));
        assertRefused(noDag, "dag", "notNull");
    }

    @Test
    void kusciasComponentShapeIsAccepted() {
        Map<String, Object> kuscia = new LinkedHashMap<>(component("k", "Noop"));
        kuscia.remove("componentName");
        kuscia.remove("provider");
        kuscia.put("module_name", "Noop");
        kuscia.put("code", "hutong/noop");
        Api.Response created = create(new ArrayList<>(List.of(kuscia)), config());
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
    }
}
