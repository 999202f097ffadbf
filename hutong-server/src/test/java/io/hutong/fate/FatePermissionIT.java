package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** permission: grants per source party, FATE's codes 2 and 3, the audit log. */
class FatePermissionIT extends NodeIT {

    /** FATE Flow 1.11's permission body; src_role is always null there. */
    private static String request(String srcPartyId, String components, String datasets) {
        return "{\"src_role\": null, \"src_party_id\": " + srcPartyId + ", \"role\": \"host\", \"party_id\": \"9999\", "
                + "\"initiator\": {\"role\": \"guest\", \"party_id\": " + srcPartyId + "}, "
                + "\"roles\": {\"guest\": [" + srcPartyId + "], \"host\": [9999]}, "
                + "\"component_list\": " + components + ", \"dataset_list\": " + datasets + ", "
                + "\"run_time_conf\": {\"dsl_version\": 2, \"job_parameters\": {\"common\": {\"task_cores\": 4}}}, "
                + "\"dsl\": {\"components\": {\"reader_0\": {\"module\": \"Reader\"}}}, "
                + "\"component_parameters\": {\"role\": {\"host\": {\"0\": {}}}}, \"future_field\": 1}";
    }

    private static final String BREAST = "[{\"namespace\": \"experiment\", \"name\": \"breast_hetero_host\"}]";

    @Test
    void allowsWhatIsGrantedAndDeniesAComponentWithCode2AndADatasetWithCode3() {
        grant("20000", List.of("Reader", "DataTransform", "homo_lr"),
                List.of(Map.of("namespace", "experiment", "name", "breast_hetero_host")));

        Api.Response allowed = permission(request("\"20000\"", "[\"reader\", \"datatransform\", \"homo_lr\"]", BREAST));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().path("code").isInt()).isTrue();
        assertThat(allowed.json().path("code").asInt()).as(allowed.text()).isZero();
        assertThat(allowed.json().path("msg").asString()).isEqualTo("success");
        // party ids as JSON numbers are the same party
        assertThat(permission(request("20000", "[\"reader\"]", BREAST)).json().path("code").asInt()).isZero();

        Api.Response component = permission(request("\"20000\"", "[\"reader\", \"hetero_secureboost\"]", BREAST));
        assertThat(component.status()).as("FATE reads the code of a 200 answer").isEqualTo(200);
        assertThat(component.json().path("code").asInt()).isEqualTo(2);
        assertThat(component.json().path("msg").asString())
                .isEqualTo("component hetero_secureboost is not granted to party 20000");

        Api.Response dataset = permission(request("\"20000\"", "[\"reader\"]",
                "[{\"namespace\": \"experiment\", \"name\": \"breast_hetero_host\"}, "
                        + "{\"namespace\": \"experiment\", \"name\": \"credit_host\"}]"));
        assertThat(dataset.json().path("code").asInt()).isEqualTo(3);
        assertThat(dataset.json().path("msg").asString())
                .isEqualTo("dataset experiment.credit_host is not granted to party 20000");

        List<JsonNode> log = api.get("/admin/fate/permission-log?srcPartyId=20000", ADMIN_TOKEN).data().valueStream().toList();
        assertThat(log).hasSize(4);
        assertThat(log.get(0).path("allowed").asBoolean()).isFalse();
        assertThat(log.get(0).path("code").asInt()).isEqualTo(3);
        assertThat(log.get(0).path("msg").asString()).isEqualTo("dataset experiment.credit_host is not granted to party 20000");
        assertThat(log.get(0).path("datasetList").get(1).path("name").asString()).isEqualTo("credit_host");
        assertThat(log.get(1).path("code").asInt()).isEqualTo(2);
        assertThat(log.get(1).path("componentList").toString()).isEqualTo("[\"reader\",\"hetero_secureboost\"]");
        assertThat(log.get(1).path("role").asString()).isEqualTo("host");
        assertThat(log.get(1).path("partyId").asString()).isEqualTo("9999");
        assertThat(log.get(3).path("allowed").asBoolean()).isTrue();
        assertThat(log.get(3).path("decidedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        List<JsonNode> denials = api.get("/admin/fate/permission-log?srcPartyId=20000&allowed=false", ADMIN_TOKEN)
                .data().valueStream().toList();
        assertThat(denials).extracting(e -> e.path("code").asInt()).containsExactly(3, 2);
        List<JsonNode> older = api.get("/admin/fate/permission-log?srcPartyId=20000&limit=2&beforeId="
                + log.get(1).path("id").asString(), ADMIN_TOKEN).data().valueStream().toList();
        assertThat(older).extracting(e -> e.path("id").asString())
                .containsExactly(log.get(2).path("id").asString(), log.get(3).path("id").asString());
    }

    @Test
    void anUngrantedPartyIsDeniedAndTheOwnPartyNeedsNoGrant() {
        assertThat(permission(request("\"20001\"", "[\"reader\"]", "[]")).json().path("code").asInt()).isEqualTo(2);
        Api.Response own = permission(request("\"9999\"", "[\"hetero_secureboost\"]", BREAST));
        assertThat(own.json().path("code").asInt()).as(own.text()).isZero();
    }

    @Test
    void wildcardsGrantAnyComponentAndAnyDatasetOfANamespace() {
        grant("20002", List.of("*"), List.of(Map.of("namespace", "experiment", "name", "*")));
        assertThat(permission(request("\"20002\"", "[\"hetero_nn\", \"evaluation\"]",
                "[{\"namespace\": \"experiment\", \"name\": \"anything\"}]")).json().path("code").asInt()).isZero();
        Api.Response other = permission(request("\"20002\"", "[\"reader\"]",
                "[{\"namespace\": \"production\", \"name\": \"anything\"}]"));
        assertThat(other.json().path("code").asInt()).isEqualTo(3);

        Api.Response revoked = api.delete("/admin/fate/grants/20002", ADMIN_TOKEN);
        assertThat(revoked.data().path("components")).isEmpty();
        assertThat(permission(request("\"20002\"", "[\"reader\"]", "[]")).json().path("code").asInt()).isEqualTo(2);
    }

    @Test
    void grantsAreListedAndBadOnesRefusedNamingTheField() {
        grant("20003", List.of("HOMO_LR", "homo_lr"), List.of());
        Api.Response one = api.get("/admin/fate/grants/20003", ADMIN_TOKEN);
        assertThat(one.data().path("components").toString()).isEqualTo("[\"homo_lr\"]");
        assertThat(api.get("/admin/fate/grants", ADMIN_TOKEN).data().valueStream()
                .anyMatch(g -> g.path("partyId").asString().equals("20003"))).isTrue();

        Api.Response blank = put("/admin/fate/grants/20003", Map.of("components", List.of(" ")));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().path("msg").asString()).isEqualTo("request params[components[0]] notBlank.");
        Api.Response badDataset = permission(request("\"20003\"", "[\"homo_lr\"]", "[{\"namespace\": \"x\"}]"));
        assertThat(badDataset.json().path("code").asInt()).isEqualTo(400);
        assertThat(badDataset.json().path("msg").asString()).isEqualTo("request params[dataset_list[0].name] notBlank.");
    }

    private Api.Response permission(String body) {
        return api.post("/api/fate/permission", null, body);
    }

    private void grant(String party, List<String> components, List<Map<String, String>> datasets) {
        Api.Response granted = put("/admin/fate/grants/" + party, Map.of("components", components, "datasets", datasets));
        assertThat(granted.code()).as(granted.text()).isEqualTo("General.Success");
    }

    private Api.Response put(String path, Object body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .PUT(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))), ADMIN_TOKEN,
                Map.of("Content-Type", "application/json"));
    }
}
