package io.hutong.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.NodeIT.TestUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Packs and trainings made through the admin API, as an operator would. */
public final class PackFixtures {

    private final Api api;

    public PackFixtures(Api api) {
        this.api = api;
    }

    public static Map<String, Object> node(String name, String type, int cpu, int gpu, long memory) {
        return Map.of("nodeName", name, "nodeType", type, "cpuCount", cpu, "gpuCount", gpu, "memorySize", memory);
    }

    public JsonNode timing(TestUser user, String name, long seconds) {
        return create(user, name, Map.of("packDurationType", "type.timing", "durationSeconds", seconds));
    }

    JsonNode activity(TestUser user, String name, String start, String end) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("packDurationType", "type.activity");
        if (start != null) {
            fields.put("activityStartTime", start);
        }
        fields.put("activityEndTime", end);
        return create(user, name, fields);
    }

    public JsonNode create(TestUser user, String name, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("userId", user.id());
        body.put("packName", name);
        body.putIfAbsent("nodeList", List.of(node("master-1", "nodeType.master", 8, 1, 32)));
        Api.Response response = api.post("/admin/packs", NodeIT.ADMIN_TOKEN, body);
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        return response.data();
    }

    public JsonNode startTraining(String packId, String trainName) {
        Api.Response response = api.post("/admin/packs/" + packId + "/trainings", NodeIT.ADMIN_TOKEN,
                Map.of("trainName", trainName, "trainId", "t-" + trainName));
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        return response.data();
    }

    JsonNode finishTraining(String packId, String usageId) {
        Api.Response response = api.post("/admin/packs/" + packId + "/trainings/" + usageId + "/finish",
                NodeIT.ADMIN_TOKEN, "");
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        return response.data();
    }

    JsonNode detail(TestUser user, String packId) {
        Api.Response response = api.post("/api/userPack/getUserPackDetail", user.token(), Map.of("userPackId", packId));
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        return response.data();
    }

    Api.Response list(TestUser user, Map<String, Object> request) {
        return api.post("/api/userPack/getUserPackList", user.token(), request);
    }
}
