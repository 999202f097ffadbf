package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The registration helper and the OpenAPI documents of the FATE services. */
class FateRegistrationIT extends NodeIT {

    @Test
    void printsTheFateFlowRegistrationRequestsForThisNodesUrls() {
        Api.Response guide = api.get("/admin/fate/registration", ADMIN_TOKEN);
        assertThat(guide.code()).as(guide.text()).isEqualTo("General.Success");
        JsonNode data = guide.data();
        assertThat(data.path("serverName").asString()).isEqualTo("hutong");
        List<JsonNode> requests = data.path("requests").valueStream().toList();
        assertThat(requests).hasSize(8);
        assertThat(requests.get(0).path("method").asString()).isEqualTo("POST");
        assertThat(requests.get(0).path("path").asString()).isEqualTo("/v1/server/hutong/register");
        assertThat(requests.get(0).path("body").toString())
                .isEqualTo("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"protocol\":\"http\"}");
        assertThat(requests.subList(1, 8)).allSatisfy(r -> assertThat(r.path("path").asString()).isEqualTo("/v1/service/registry"));
        assertThat(requests.subList(1, 8)).extracting(r -> r.path("body").path("service_name").asString())
                .containsExactly("signature", "site_authentication", "client_authentication", "permission", "upload",
                        "query", "download");
        assertThat(requests.get(5).path("body").toString()).isEqualTo("{\"server_name\":\"hutong\",\"service_name\":"
                + "\"upload\",\"uri\":\"/api/fate/upload\",\"method\":\"POST\"}");
        assertThat(data.path("script").asString()).contains("curl -sS -X POST \"$FATE_FLOW/v1/service/registry\" "
                + "-H 'Content-Type: application/json' -d '{\"server_name\":\"hutong\",\"service_name\":\"signature\","
                + "\"uri\":\"/api/fate/signature\",\"method\":\"POST\"}'");
        assertThat(data.path("serviceConf").asString()).contains("party_id: 9999")
                .contains("  site_authentication: fate_flow.hook.api.site_authentication")
                .contains("  permission: fate_flow.hook.api.permission").contains("hook_server_name: hutong");
        assertThat(data.path("apiReader").path("server_name").asString()).isEqualTo("hutong");
        assertThat(api.get("/admin/fate/registration", null).code()).isEqualTo("General.Unauthorized");
    }

    @Test
    void theFateServicesHaveTheirOpenApiGroupAndTheAdminEndpointsAreInTheAdminGroup() {
        JsonNode fate = api.get("/v3/api-docs/fate", null).json();
        assertThat(fate.path("paths").propertyNames()).contains("/api/fate/signature", "/api/fate/site_authentication",
                "/api/fate/client_authentication", "/api/fate/permission", "/api/fate/upload", "/api/fate/query",
                "/api/fate/download", "/api/fate/public_key/{party_id}");
        JsonNode admin = api.get("/v3/api-docs/admin", null).json();
        assertThat(admin.path("paths").propertyNames()).contains("/admin/fate/keys/{partyId}", "/admin/fate/apps",
                "/admin/fate/grants/{partyId}", "/admin/fate/permission-log", "/admin/fate/datasets/{dataset}/versions/{version}",
                "/admin/fate/registration");
    }
}
