package io.hutong.dbc;

import static io.hutong.dbc.DbcFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.standin.StandinDbcClient;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.Nodes;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What Hutong follows on DBC lives in the database: a node restarted while a VM is creating follows
 * it to running, and one restarted during an image download follows it to done.
 */
class DbcRestartIT {

    /** The node's account comes from properties, as an operator deploying from a secret store gives it. */
    private static String[] dbc(StandinDbcClient standin) {
        return new String[] {"--hutong.dbc.clients.rig.url=" + standin.baseUri(),
            "--hutong.dbc.clients.rig.wallet=" + DbcFixtures.WALLET,
            "--hutong.dbc.clients.rig.seed=" + DbcFixtures.SEED};
    }

    private static String newUserToken(Api api, String name) {
        long userId = ok(api.post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", name))).path("id").asLong();
        return ok(api.post("/admin/users/" + userId + "/tokens", NodeIT.ADMIN_TOKEN, "{}")).path("token").asString();
    }

    @Test
    void aVmCreatedBeforeARestartIsFollowedToRunningAfterIt() {
        String node = DbcFixtures.nodeId();
        String dataDir = "target/it-data/dbc-restart-" + UUID.randomUUID();
        try (StandinDbcClient standin = DbcFixtures.standin(node)) {
            String[] dbc = dbc(standin);
            String token;
            String vmId;
            ConfigurableApplicationContext first = Nodes.start("node-dbc-restart", dataDir, dbc);
            try {
                Api api = new Api(Nodes.port(first));
                token = newUserToken(api, "vm-owner");
                assertThat(ok(api.get("/admin/dbc/accounts", NodeIT.ADMIN_TOKEN)).toString()).contains("\"rig\"")
                        .doesNotContain("5e5e5e");
                JsonNode vm = ok(api.post("/api/dbc/vms", token, DbcFixtures.vm(node, 42022, 5980)));
                vmId = vm.path("id").asString();
                assertThat(vm.path("status").asString()).isEqualTo("creating");
            } finally {
                first.close();
            }

            TestClockConfiguration.CLOCK.advance(DbcFixtures.CREATE_DELAY);
            ConfigurableApplicationContext second = Nodes.start("node-dbc-restart", dataDir, dbc);
            try {
                Api api = new Api(Nodes.port(second));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        ok(api.get("/api/dbc/vms/" + vmId, token)).path("status").asString()).isEqualTo("running"));
                JsonNode vm = ok(api.get("/api/dbc/vms/" + vmId, token));
                assertThat(vm.path("history")).extracting(h -> h.path("status").asString())
                        .containsExactly("creating", "running");
                assertThat(vm.path("login").path("password").asString()).isNotBlank();
                assertThat(vm.has("following")).isFalse();
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aDownloadStartedBeforeARestartIsFollowedToDoneAfterIt() {
        String node = DbcFixtures.nodeId();
        String dataDir = "target/it-data/dbc-restart-" + UUID.randomUUID();
        try (StandinDbcClient standin = DbcFixtures.standin(node)) {
            String[] dbc = dbc(standin);
            String token;
            ConfigurableApplicationContext first = Nodes.start("node-dbc-restart", dataDir, dbc);
            try {
                Api api = new Api(Nodes.port(first));
                token = newUserToken(api, "image-owner");
                ok(api.post("/api/dbc/machines/" + node + "/images", token,
                        Map.of("operation", "download", "imageFilename", "ubuntu-22.04.qcow2")));
            } finally {
                first.close();
            }

            TestClockConfiguration.CLOCK.advance(DbcFixtures.TRANSFER_DURATION);
            ConfigurableApplicationContext second = Nodes.start("node-dbc-restart", dataDir, dbc);
            try {
                Api api = new Api(Nodes.port(second));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        ok(api.get("/api/dbc/images/transfers", token)).get(0).path("status").asString())
                        .isEqualTo("done"));
                assertThat(ok(api.get("/api/dbc/images/transfers", token)).get(0).path("history"))
                        .extracting(h -> h.path("status").asString()).containsExactly("transferring", "done");
            } finally {
                second.close();
            }
        }
    }
}
