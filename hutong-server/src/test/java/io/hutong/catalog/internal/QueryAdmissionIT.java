package io.hutong.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;

/** Resource queries take turns: with one turn held, the next query waits for it, and gives up as busy. */
@TestPropertySource(properties = {"hutong.catalog.query-concurrency=1", "hutong.catalog.query-patience=1s"})
class QueryAdmissionIT extends NodeIT {

    @Autowired
    QueryAdmission admission;

    private final MockHttpServletRequest holder = new MockHttpServletRequest();

    private Api.Response query(String path) {
        return api.post(path, ADMIN_TOKEN, Map.of("source", "ctyun", "session_identifier", "s-admission",
                "data", Map.of("resources", Map.of("cpus", "1+"))));
    }

    private void takeTheOnlyTurn() throws Exception {
        assertThat(admission.preHandle(holder, new MockHttpServletResponse(), null)).isTrue();
    }

    private void giveItBack() {
        admission.afterCompletion(holder, new MockHttpServletResponse(), null, null);
    }

    @Test
    void aQueryWithNoTurnLeftIsAnsweredBusyInTheInteropEnvelope() throws Exception {
        takeTheOnlyTurn();
        try {
            for (String path : List.of("/api/v1/query_computing_resources", "/api/v1/query_computing_resources/",
                    "/api/v1/query_computing_resources_by_task_template/")) {
                Api.Response busy = query(path);
                assertThat(busy.status()).as(path).isEqualTo(503);
                assertThat(busy.json().path("code").asInt()).isEqualTo(503);
                assertThat(busy.json().path("message").asString()).contains("too many resource queries");
            }
        } finally {
            giveItBack();
        }
        Api.Response answered = query("/api/v1/query_computing_resources/");
        assertThat(answered.json().path("code").asInt()).as(answered.text()).isZero();
    }

    @Test
    void aWaitingQueryRunsWhenTheTurnIsGivenBack() throws Exception {
        takeTheOnlyTurn();
        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(
                () -> query("/api/v1/query_computing_resources/"));
        Thread.sleep(400);
        assertThat(waiting).isNotDone();
        giveItBack();
        Api.Response answered = waiting.get(10, TimeUnit.SECONDS);
        assertThat(answered.json().path("code").asInt()).as(answered.text()).isZero();
        // a turn that was given back is not given back twice: still only one
        giveItBack();
        takeTheOnlyTurn();
        try {
            assertThat(query("/api/v1/query_computing_resources/").status()).isEqualTo(503);
        } finally {
            giveItBack();
        }
    }
}
