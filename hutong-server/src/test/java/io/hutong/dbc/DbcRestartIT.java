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

/** A VM's lifecycle lives in the database: a node restarted while the VM is creating follows it to running. */
class DbcRestartIT {

    @Test
    void aVmCreatedBeforeARestartIsFollowedToRunningAfterIt() {
        String node = DbcFixtures.nodeId();
        String dataDir = "target/it-data/dbc-restart-" + UUID.randomUUID();
        try (StandinDbcClient standin = DbcFixtures.standin(node)) {
            // the node's account comes from properties, as an operator deploying from a secret store gives it
            String[] dbc = {"--hutong.dbc.clients.rig.url=" + standin.baseUri(),
                "--hutong.dbc.clients.rig.wallet=" + DbcFixtures.WALLET,
                "--hutong.dbc.clients.rig.seed=" + DbcFixtures.SEED};
            String token;
            String vmId;
            ConfigurableApplicationContext first = Nodes.start("node-dbc-restart", dataDir, dbc);
            try {
                Api api = new Api(Nodes.port(first));
                long userId = ok(api.post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", "vm-owner")))
                        .path("id").asLong();
                token = ok(api.post("/admin/users/" + userId + "/tokens", NodeIT.ADMIN_TOKEN, "{}"))
                        .path("token").asString();
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
}
