package io.hutong.dbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import io.hutong.standin.StandinDbcClient;
import io.hutong.standin.StandinMachine;
import io.hutong.support.Api;
import io.hutong.support.NodeIT.TestUser;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/** A stand-in dbc_client on the tests' clock, a renter wallet, and API shortcuts. */
public final class DbcFixtures {

    public static final String SEED = "0x" + "5e".repeat(32);
    public static final Sr25519.KeyPair RENTER = Sr25519.fromSeed(HexFormat.of().parseHex("5e".repeat(32)));
    public static final String WALLET = Ss58.encode(RENTER.publicKey());
    public static final Duration CREATE_DELAY = Duration.ofMinutes(10);
    static final Duration TRANSITION_DELAY = Duration.ofSeconds(30);
    /** How long the stand-in takes for an image download or upload. */
    static final Duration TRANSFER_DURATION = Duration.ofMinutes(2);

    private DbcFixtures() {
    }

    /** A machine id unique to a test, so tests sharing a node never see each other's machines. */
    public static String nodeId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    public static StandinDbcClient standin(String... nodeIds) {
        StandinDbcClient.Builder builder = StandinDbcClient.builder().clock(TestClockConfiguration.CLOCK)
                .createDelay(CREATE_DELAY).transitionDelay(TRANSITION_DELAY)
                .transferDuration(TRANSFER_DURATION);
        for (String nodeId : nodeIds) {
            builder.machine(StandinMachine.builder(nodeId).name("rig-" + nodeId.substring(0, 6)).gpus(4)
                    .image("ubuntu.qcow2").brokenImage("broken.qcow2").renter(WALLET).build());
        }
        return builder.start();
    }

    /**
     * A stand-in with one machine for a test class ({@code @RegisterExtension static}): started before
     * its tests, stopped after them.
     */
    public static final class StandinPerClass implements BeforeAllCallback, AfterAllCallback {

        private final String machine = nodeId();
        private StandinDbcClient client;

        public String machine() {
            return machine;
        }

        public StandinDbcClient client() {
            return client;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            client = standin(machine);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            client.close();
        }
    }

    /** Registers the stand-in and the renter's wallet for a user; returns {clientId, accountId}. */
    public static String[] register(Api api, TestUser user, StandinDbcClient standin) {
        Api.Response client = api.post("/api/dbc/clients", user.token(), Map.of("name", "rig",
                "url", standin.baseUri() + "/api/v1/"));
        assertThat(client.code()).as(client.text()).isEqualTo("General.Success");
        String clientId = client.data().path("id").asString();
        Api.Response account = api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "renter", "wallet", WALLET, "seed", SEED));
        assertThat(account.code()).as(account.text()).isEqualTo("General.Success");
        return new String[] {clientId, account.data().path("id").asString()};
    }

    public static Map<String, Object> vm(String nodeId, int sshPort, int vncPort) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("nodeId", nodeId);
        vm.put("imageName", "ubuntu.qcow2");
        vm.put("sshPort", sshPort);
        vm.put("vncPort", vncPort);
        vm.put("gpuCount", 1);
        vm.put("cpuCores", 4);
        vm.put("memGb", 16);
        vm.put("diskGb", 100);
        vm.put("desc", "train run 1");
        return vm;
    }

    static JsonNode ok(Api.Response response) {
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        return response.data();
    }
}
