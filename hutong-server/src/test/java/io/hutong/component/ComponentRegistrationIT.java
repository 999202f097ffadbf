package io.hutong.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** §5.8 with §6.1–6.5: every field checked, the first error of each field named. */
class ComponentRegistrationIT extends NodeIT {

    @Autowired
    Components components;

    private static Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("componentName", "HeteroLR");
        info.put("title", "Hetero LR");
        info.put("provider", "fate");
        info.put("version", "2.0.0");
        info.put("roleList", List.of("guest", "host", "arbiter"));
        info.put("storageEngine", List.of("s3"));
        info.put("inputParam", List.of(Map.of("name", "max_iter", "title", "Max iterations", "type", "int",
                "optional", true, "UIType", "numberPicker")));
        info.put("inputData", List.of(Map.of("name", "train_data", "category", "dataset", "dataFormat", List.of("csv"))));
        info.put("outputData", List.of(Map.of("name", "model", "category", "model", "dataFormat", List.of("json"))));
        info.put("result", List.of(Map.of("resultCode", "00000000", "resultMessage", "ok")));
        return info;
    }

    private Api.Response register(Map<String, Object> info) {
        return api.post("/v1/platform/schedule/component/register", ADMIN_TOKEN,
                Map.of("imageUrl", "registry.local/fate/hetero-lr:2.0.0", "component_info", info));
    }

    @Test
    void aCompleteRegistrationIsStoredAndCanBeReplaced() {
        assertThat(register(info()).json().path("code").asInt()).isZero();
        Map<String, Object> changed = info();
        changed.put("title", "Hetero LR v2");
        assertThat(register(changed).json().path("code").asInt()).isZero();
        var all = api.get("/v1/platform/schedule/component/list", ADMIN_TOKEN).data();
        var mine = java.util.stream.StreamSupport.stream(all.spliterator(), false)
                .filter(c -> c.path("info").path("componentName").asString().equals("HeteroLR")).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("info").path("title").asString()).isEqualTo("Hetero LR v2");
        assertThat(mine.get(0).path("info").path("inputParam").get(0).path("UIType").asString()).isEqualTo("numberPicker");
    }

    @Test
    void aJobResolvesAReRegisteredComponentAsItIsNow() {
        register(info());
        assertThat(components.find("HeteroLR", "2.0.0", "fate")).get()
                .satisfies(found -> assertThat(found.info().title()).isEqualTo("Hetero LR"));
        Map<String, Object> changed = info();
        changed.put("title", "Hetero LR v3");
        register(changed);
        assertThat(components.find("HeteroLR", "2.0.0", "fate")).get()
                .satisfies(found -> assertThat(found.info().title()).isEqualTo("Hetero LR v3"));
        assertThat(components.find("HeteroLR", "9.9.9", "fate")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "componentName|null|component_info.componentName|notBlank",
            "title|\"  \"|component_info.title|notBlank",
            "provider|null|component_info.provider|notBlank",
            "version|null|component_info.version|notBlank",
            "roleList|null|component_info.roleList|notNull",
            "roleList|[]|component_info.roleList|notEmpty",
            "roleList|[\"guest\", \"judge\"]|component_info.roleList[1]|oneOf(guest,host,arbiter)",
            "storageEngine|null|component_info.storageEngine|notNull",
            "inputParam|[{\"name\": \"x\", \"title\": \"X\", \"type\": \"int\"}]|component_info.inputParam[0].optional|notNull",
            "inputParam|[{\"title\": \"X\", \"type\": \"int\", \"optional\": true}]|component_info.inputParam[0].name|notBlank",
            "inputData|[{\"name\": \"d\", \"category\": \"report\", \"dataFormat\": [\"csv\"]}]|component_info.inputData[0].category|oneOf(dataset,datasets,model,test_set,training_set)",
            "outputData|[{\"name\": \"d\", \"category\": \"metric\"}]|component_info.outputData[0].dataFormat|notNull",
            "outputData|[{\"name\": \"d\", \"category\": \"metric\", \"dataFormat\": []}]|component_info.outputData[0].dataFormat|notEmpty",
            "outputData|[{\"name\": \"d\", \"category\": \"spreadsheet\", \"dataFormat\": [\"xls\"]}]|component_info.outputData[0].category|oneOf(dataset,metric,model,report,test_set,training_set)",
            "result|[{\"resultCode\": \"1\"}]|component_info.result[0].resultMessage|notBlank",
            "outputData|{\"name\": \"d\"}|component_info.outputData|type(array)"})
    void everyFieldIsChecked(String field, String json, String violated, String rule) {
        Map<String, Object> info = info();
        info.put(field, json.equals("null") ? null : Api.JSON.readValue(json, Object.class));
        Api.Response response = register(info);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.data().path("ruleViolated").path(violated).get(0).asString()).as(response.text())
                .isEqualTo(rule);
    }

    @Test
    void theImageIsRequired() {
        Api.Response response = api.post("/v1/platform/schedule/component/register", ADMIN_TOKEN,
                Map.of("component_info", info()));
        assertThat(response.data().path("ruleViolated").path("imageUrl").get(0).asString()).isEqualTo("notBlank");
    }
}
