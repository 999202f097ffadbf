package io.hutong.interconn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.node.PeerClient;
import io.hutong.node.PeerException;
import io.hutong.node.Peers;
import io.hutong.support.Api;
import io.hutong.support.FakePeer;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What other implementations send and answer: Kuscia's code 200 and "message", FATE's underscores. */
class PeerClientDialectIT extends NodeIT {

    @Autowired
    private PeerClient peerClient;

    @Autowired
    private Peers peers;

    @Test
    void aPeerAnsweringCode200IsSuccessAndItsErrorMessageIsReadFromMessage() {
        try (FakePeer kuscia = new FakePeer(path -> path.endsWith("job/start")
                ? "{\"code\":200,\"message\":\"success\",\"data\":{\"accepted\":true}}"
                : "{\"code\":500,\"message\":\"job not found in kuscia\"}")) {
            peers.save("node-kuscia", kuscia.url());
            assertThat(peerClient.post("node-kuscia", "/v1/interconn/schedule/job/start", Map.of("job_id", "j"))
                    .path("accepted").asBoolean()).isTrue();
            assertThatThrownBy(() -> peerClient.post("node-kuscia", "/v1/interconn/schedule/job/stop", Map.of("job_id", "j")))
                    .isInstanceOf(PeerException.class).hasMessageContaining("job not found in kuscia");
            var sent = kuscia.received("job/start").get(0).headers();
            assertThat(sent).containsKeys("X-source-node-id", "X-target-node-id", "X-nonce", "X-timestamp",
                    "X-trace-id", "X-csrf-protection");
            assertThat(Long.parseLong(sent.get("X-timestamp").get(0))).isGreaterThan(1_000_000_000_000L);
        }
    }

    @Test
    void statusAllIsServedOnGetAndPostWithTheJobIdInTheQueryOrTheBody() {
        // FATE signs nothing: it is let in once an administrator marks it so
        peers.save("node-fate", "http://127.0.0.1:9");
        assertThat(api.send(HttpRequest.newBuilder(URI.create(api.base() + "/admin/trust/peers/node-fate/unsigned"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"unsigned\": true}")), ADMIN_TOKEN,
                Map.of("Content-Type", "application/json")).code()).isEqualTo("General.Success");
        for (String method : new String[] {"GET", "POST"}) {
            for (boolean inBody : new boolean[] {true, false}) {
                String query = inBody ? "" : "?job_id=job-unknown";
                HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(inBody ? "{\"job_id\":\"job-unknown\"}" : "");
                Api.Response response = api.send(HttpRequest.newBuilder(URI.create(api.base()
                        + "/v1/interconn/schedule/job/status_all" + query)).method(method, body), null,
                        Map.of("Content-Type", "application/json", "x_source_node_id", "node-fate"));
                assertThat(response.status()).as(method + " " + inBody).isEqualTo(404);
                assertThat(response.json().path("msg").asString()).isEqualTo("no job job-unknown");
            }
        }
    }
}
