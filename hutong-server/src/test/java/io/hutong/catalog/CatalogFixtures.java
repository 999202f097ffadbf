package io.hutong.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Calls of the interop platform API as a portal makes them. */
final class CatalogFixtures {

    private CatalogFixtures() {
    }

    static Map<String, Object> body(Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "ctyun");
        body.put("session_identifier", "sess-it");
        body.put("data", data);
        return body;
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().path("code").asInt()).as(response.text()).isZero();
        assertThat(response.json().path("message").asString()).isEqualTo("ok");
        return response.data();
    }

    static JsonNode query(Api api, String token, Object data) {
        return ok(api.post("/api/v1/query_computing_resources/", token, body(data)));
    }

    static void refresh(Api api) {
        Api.Response refreshed = api.post("/admin/catalog/refresh", NodeIT.ADMIN_TOKEN, "");
        assertThat(refreshed.code()).as(refreshed.text()).isEqualTo("General.Success");
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(c -> ids.add(c.has("offer") ? c.path("offer").path("id").asString() : c.path("offer_id").asString()));
        return ids;
    }

    static JsonNode find(JsonNode list, String offerId) {
        for (JsonNode item : list) {
            String id = item.has("offer") ? item.path("offer").path("id").asString() : item.path("offer_id").asString();
            if (id.equals(offerId)) {
                return item;
            }
        }
        throw new AssertionError(offerId + " not in " + list);
    }
}
