package io.hutong.dbc;

import static io.hutong.dbc.DbcFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import io.hutong.standin.StandinDbcClient;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Hutong's dbc_client-compatible gateway: tokens, routing, added authentication, seed paths, audit. */
class DbcGatewayIT extends NodeIT {

    private static final String NODE = DbcFixtures.nodeId();
    private static final String SHARED_NODE = DbcFixtures.nodeId();
    private static final String GATEWAY = "/dbc/api/v1";
    private static StandinDbcClient standin;
    private static StandinDbcClient sharedStandin;

    @BeforeAll
    static void start() {
        standin = DbcFixtures.standin(NODE);
        sharedStandin = DbcFixtures.standin(SHARED_NODE);
    }

    @AfterAll
    static void stop() {
        standin.close();
        sharedStandin.close();
    }

    private static String body(String node, String additional) {
        return "{\"peer_nodes_list\": [\"" + node + "\"], \"additional\": " + additional + "}";
    }

    private static String createBody(String node, int ssh, int vnc) {
        return body(node, """
                {"image_name": "ubuntu.qcow2", "ssh_port": "%d", "vnc_port": "%d", "gpu_count": "1",
                 "cpu_cores": "2", "mem_size": "4", "disk_size": "20", "desc": "via gateway"}""".formatted(ssh, vnc));
    }

    @Test
    void aTokenIsRequiredAndFailuresKeepTheClientsShape() {
        Api.Response none = api.post(GATEWAY + "/tasks", null, body(NODE, "{}"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("errcode").asInt()).isEqualTo(-3);
        assertThat(none.json().path("message").asString()).contains("token");
        assertThat(none.json().has("code")).isFalse();
        Api.Response invalid = api.post(GATEWAY + "/tasks", "ht_not-a-token", body(NODE, "{}"));
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.json().path("errcode").asInt()).isEqualTo(-3);

        TestUser user = newUser();
        assertThat(api.get(GATEWAY + "/", user.token()).json().path("message").path("client_version").asString())
                .isNotBlank();
        Api.Response get = api.get(GATEWAY + "/tasks", user.token());
        assertThat(get.status()).isEqualTo(400);
        assertThat(get.json().path("errcode").asInt()).isEqualTo(-32600);
        // no client of the user's knows the machine (the node's shared clients, if another test made some, neither)
        Api.Response unknown = api.post(GATEWAY + "/tasks", user.token(), body(DbcFixtures.nodeId(), "{}"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errcode").asInt()).isIn(-25, -32701);
        assertThat(unknown.json().path("message").asString()).containsAnyOf("no dbc_client", "node not discovered");
    }

    @Test
    void requestsAreRoutedByNodeSignedByHutongAndAudited() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);

        JsonNode info = api.post(GATEWAY + "/mining_nodes", user.token(), body(NODE, "{}")).json();
        assertThat(info.path("errcode").asInt()).isZero();
        assertThat(info.path("message").path("gpu").path("gpu_count").asString()).isEqualTo("4");
        JsonNode listed = api.post(GATEWAY + "/mining_nodes", user.token(), "{\"peer_nodes_list\": [], "
                + "\"additional\": {}}").json();
        assertThat(listed.path("message").toString()).contains(NODE);

        Api.Response created = api.post(GATEWAY + "/tasks/start", user.token(), createBody(NODE, 40022, 5960));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().path("errcode").asInt()).as(created.text()).isZero();
        String task = created.json().path("message").path("task_id").asString();
        JsonNode sent = standin.received().stream().filter(r -> r.path().equals("/api/v1/tasks/start"))
                .reduce((a, b) -> b).orElseThrow().json();
        assertThat(sent.path("wallet").asString()).isEqualTo(DbcFixtures.WALLET);
        assertThat(Sr25519.verify(DbcFixtures.RENTER.publicKey(), sent.path("nonce").asString(),
                Sr25519.signatureFromHex(sent.path("sign").asString()))).isTrue();
        // the VM is Hutong's record now, followed like one created through its own API
        JsonNode vm = ok(api.get("/api/dbc/vms", user.token())).get(0);
        assertThat(vm.path("taskId").asString()).isEqualTo(task);
        assertThat(vm.path("following").asString()).isEqualTo("create");
        assertThat(vm.path("sshPort").asInt()).isEqualTo(40022);

        JsonNode details = api.post(GATEWAY + "/tasks/" + task, user.token(), body(NODE, "{}")).json();
        assertThat(details.path("message").path("status").asString()).isEqualTo("creating");
        Api.Response conflict = api.post(GATEWAY + "/tasks/start", user.token(), createBody(NODE, 40022, 5961));
        assertThat(conflict.status()).isEqualTo(200);
        assertThat(conflict.json().path("errcode").asInt()).isEqualTo(1);
        assertThat(conflict.json().path("message").asString()).startsWith("port conflict");

        Api.Response unsafe = api.post(GATEWAY + "/tasks/start", user.token(),
                createBody(NODE, 40023, 5962).replace("via gateway", "x\\\"y"));
        assertThat(unsafe.status()).isEqualTo(400);
        assertThat(unsafe.json().path("errcode").asInt()).isEqualTo(-25);
        assertThat(unsafe.json().path("message").asString()).startsWith("desc is invalid");
        // numbers, which dbc_client would silently drop, go out as strings
        Api.Response numbers = api.post(GATEWAY + "/tasks/start", user.token(),
                createBody(NODE, 40024, 5963).replace("\"cpu_cores\": \"2\"", "\"cpu_cores\": 2"));
        assertThat(numbers.json().path("errcode").asInt()).as(numbers.text()).isZero();
        assertThat(standin.received().get(standin.received().size() - 1).json().path("additional")
                .path("cpu_cores").asString()).isEqualTo("2");

        // the seed document's paths are served too
        JsonNode snapshots = api.post(GATEWAY + "/snapshot/" + task, user.token(), body(NODE, "{}")).json();
        assertThat(snapshots.path("errcode").asInt()).as(snapshots.toString()).isZero();
        assertThat(standin.received().get(standin.received().size() - 1).path())
                .isEqualTo("/api/v1/snapshot/list/" + task);
        api.post(GATEWAY + "/images/download/ubuntu-22.04.qcow2", user.token(), body(NODE, "{}"));
        var download = standin.received().get(standin.received().size() - 1);
        assertThat(download.path()).isEqualTo("/api/v1/images/download");
        assertThat(download.json().path("additional").path("image_filename").asString())
                .isEqualTo("ubuntu-22.04.qcow2");

        Api.Response unknownNode = api.post(GATEWAY + "/tasks", user.token(), body(DbcFixtures.nodeId(), "{}"));
        assertThat(unknownNode.status()).isEqualTo(400);
        assertThat(unknownNode.json().path("errcode").asInt()).isEqualTo(-32701);
        Api.Response twoPart = api.post(GATEWAY + "/tasks/foo/" + task, user.token(), body(NODE, "{}"));
        assertThat(twoPart.status()).isEqualTo(500);
        assertThat(twoPart.json().path("errcode").asInt()).isEqualTo(-32701);
        Api.Response put = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GATEWAY + "/tasks"))
                .PUT(HttpRequest.BodyPublishers.ofString(body(NODE, "{}"))), user.token(), Map.of());
        assertThat(put.json().path("errcode").asInt()).isEqualTo(-32600);

        // a caller that brings its own signature is relayed with it
        Sr25519.KeyPair stranger = Sr25519.fromSeed(HexFormat.of().parseHex("9f".repeat(32)));
        String own = "{\"peer_nodes_list\": [\"" + NODE + "\"], \"additional\": {}, \"wallet\": \""
                + Ss58.encode(stranger.publicKey()) + "\", \"nonce\": \"n1\", \"sign\": \""
                + HexFormat.of().formatHex(stranger.sign("n1")) + "\"}";
        JsonNode notRented = api.post(GATEWAY + "/tasks", user.token(), own).json();
        assertThat(notRented.path("errcode").asInt()).isEqualTo(-3);
        assertThat(notRented.path("message").asString()).startsWith("wallet not rented");

        // the audit trail is written a moment after the calls
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> audit = ok(api.get("/admin/dbc/gateway-calls?userId=" + user.id(), ADMIN_TOKEN))
                    .valueStream().toList();
            assertThat(audit).extracting(a -> a.path("path").asString()).contains("/tasks/start", "/mining_nodes",
                    "/tasks/" + task, "/snapshot/" + task, "/tasks/foo/" + task);
            assertThat(audit).anySatisfy(a -> {
                assertThat(a.path("path").asString()).isEqualTo("/tasks/start");
                assertThat(a.path("nodeId").asString()).isEqualTo(NODE);
                assertThat(a.path("errcode").asInt()).isEqualTo(1);
            });
        });
    }

    @Test
    void onTheNodesSharedAccountUsersOnlyReachTheirOwnVms() {
        String clientId = ok(api.post("/admin/dbc/clients", ADMIN_TOKEN, Map.of("name", "shared-" + SHARED_NODE
                .substring(0, 8), "url", sharedStandin.baseUri().toString()))).path("id").asString();
        ok(api.post("/admin/dbc/clients/" + clientId + "/accounts", ADMIN_TOKEN, Map.of("name", "node-renter",
                "wallet", DbcFixtures.WALLET, "seed", DbcFixtures.SEED)));
        TestUser alice = newUser();
        TestUser bob = newUser();
        String task = api.post(GATEWAY + "/tasks/start", alice.token(), createBody(SHARED_NODE, 41022, 5970)).json()
                .path("message").path("task_id").asString();
        assertThat(task).isNotBlank();
        assertThat(api.post(GATEWAY + "/tasks/" + task, alice.token(), body(SHARED_NODE, "{}")).json()
                .path("errcode").asInt()).isZero();
        JsonNode forBob = api.post(GATEWAY + "/tasks/" + task, bob.token(), body(SHARED_NODE, "{}")).json();
        assertThat(forBob.path("errcode").asInt()).isEqualTo(-3);
        assertThat(forBob.path("message").asString()).contains("not created by you");
        assertThat(api.post(GATEWAY + "/tasks/delete/" + task, bob.token(), body(SHARED_NODE, "{}")).json()
                .path("errcode").asInt()).isEqualTo(-3);
        assertThat(api.post(GATEWAY + "/tasks", bob.token(), body(SHARED_NODE, "{}")).json().path("message"))
                .isEmpty();
        assertThat(api.post(GATEWAY + "/tasks", alice.token(), body(SHARED_NODE, "{}")).json().path("message")
                .toString()).contains(task);
    }
}
