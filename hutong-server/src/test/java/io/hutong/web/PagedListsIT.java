package io.hutong.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lists that grow with use are paged, and a caller that asks for no page gets the list as it always
 * had it: users, VMs, image transfers, components, BFIA jobs and approvals.
 */
class PagedListsIT extends NodeIT {

    @Test
    void theAdminListsAnswerAPageWhenOneIsAskedForAndTheWholeListOtherwise() {
        newUser();
        newUser();
        JsonNode all = api.get("/admin/users", ADMIN_TOKEN).data();
        assertThat(all.isArray()).isTrue();
        JsonNode page = api.get("/admin/users?pageSize=1&pageNum=2", ADMIN_TOKEN).data();
        assertThat(page.path("total").asLong()).isEqualTo(all.size());
        assertThat(page.path("pageCurrent").asInt()).isEqualTo(2);
        assertThat(page.path("pageTotal").asInt()).isEqualTo(all.size());
        assertThat(page.path("list")).hasSize(1);
        assertThat(page.path("list").get(0).path("id").asLong()).isEqualTo(all.get(1).path("id").asLong());

        assertThat(api.get("/admin/dbc/vms", ADMIN_TOKEN).data().isArray()).isTrue();
        assertThat(api.get("/admin/dbc/vms?pageSize=5", ADMIN_TOKEN).data().path("list").isArray()).isTrue();
        TestUser user = newUser();
        assertThat(api.get("/api/dbc/images/transfers?pageNum=1", user.token()).data().path("total").asLong()).isZero();

        Federation.registerDemoComponents(api);
        JsonNode components = api.get("/v1/platform/schedule/component/list", ADMIN_TOKEN).data();
        assertThat(components.isArray()).isTrue();
        JsonNode first = api.get("/v1/platform/schedule/component/list?pageSize=2", ADMIN_TOKEN).data();
        assertThat(first.path("list")).hasSize(2);
        assertThat(first.path("total").asLong()).isEqualTo(components.size());
    }

    @Test
    void aBadPageNamesTheFieldAndTheRule() {
        Api.Response size = api.get("/admin/users?pageSize=1001", ADMIN_TOKEN);
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.json().path("msg").asString()).isEqualTo("request params[pageSize] max(1000).");
        Api.Response number = api.get("/v1/platform/schedule/component/list?pageNum=0", ADMIN_TOKEN);
        assertThat(number.json().path("msg").asString()).isEqualTo("request params[pageNum] min(1).");
        Api.Response jobs = api.get("/v1/platform/schedule/job/query_job_list?page_size=0", ADMIN_TOKEN);
        assertThat(jobs.status()).isEqualTo(400);
        assertThat(jobs.json().path("msg").asString()).isEqualTo("request params[page_size] min(1).");
        Api.Response status = api.get("/v1/platform/schedule/job/query_job_list?status=DONE", ADMIN_TOKEN);
        assertThat(status.json().path("msg").asString()).contains("params[status] oneOf(");
    }

    @Test
    void theJobListIsPagedAndFilteredByStatus() {
        Federation.registerDemoComponents(api);
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                "role", Map.of("guest", List.of("node-it")), "job_params", Map.of("common", Map.of()));
        String first = created(config);
        String second = created(config);
        JsonNode page = api.get("/v1/platform/schedule/job/query_job_list?page=1&page_size=1&flow_id=paged",
                ADMIN_TOKEN).data();
        assertThat(page.path("job_list")).hasSize(1);
        assertThat(page.path("total").asLong()).isEqualTo(2);
        JsonNode rest = api.get("/v1/platform/schedule/job/query_job_list?page=2&page_size=1&flow_id=paged",
                ADMIN_TOKEN).data();
        assertThat(List.of(page.path("job_list").propertyNames().iterator().next(),
                rest.path("job_list").propertyNames().iterator().next())).containsExactlyInAnyOrder(first, second);
        JsonNode whole = api.get("/v1/platform/schedule/job/query_job_list?flow_id=paged", ADMIN_TOKEN).data();
        assertThat(whole.has("total")).as("a standard caller's answer is the standard's").isFalse();
        assertThat(api.get("/v1/platform/schedule/job/query_job_list?flow_id=paged&status=REJECTED", ADMIN_TOKEN)
                .data().path("job_list").isEmpty()).isTrue();
        assertThat(api.get("/v1/platform/schedule/job/pending_audit?page_size=10", ADMIN_TOKEN).data()
                .path("page_size").asInt()).isEqualTo(10);
    }

    private String created(Map<String, Object> config) {
        Map<String, Object> noop = Map.of("name", "only", "componentName", "Noop", "version", "1.0.0", "provider",
                "hutong", "input", List.of(), "output", List.of(Map.of("key", "data", "type", "dataset")));
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", ADMIN_TOKEN, Map.of("flow_id", "paged",
                "dag", Map.of("version", "2.0.0", "components", List.of(noop)), "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        return created.data().path("job_id").asString();
    }
}
