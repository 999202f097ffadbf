package io.hutong.dbc;

import static io.hutong.dbc.DbcFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.standin.StandinDbcClient;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.RecordedEvents;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Hutong's DBC API for users and admins, against a stand-in dbc_client. */
class DbcApiIT extends NodeIT {

    private static final String NODE = DbcFixtures.nodeId();
    /** hutong.dbc.poll.initial: the first poll after an operation. */
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);
    private static StandinDbcClient standin;

    @Autowired
    RecordedEvents events;

    @Autowired
    DbcMachines machines;

    @BeforeAll
    static void start() {
        standin = DbcFixtures.standin(NODE);
    }

    @AfterAll
    static void stop() {
        standin.close();
    }

    private JsonNode vmDetail(TestUser user, String vmId) {
        return ok(api.get("/api/dbc/vms/" + vmId, user.token()));
    }

    private void awaitStatus(TestUser user, String vmId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(vmDetail(user, vmId).path("status").asString()).isEqualTo(status));
    }

    @Test
    void accountsAreCheckedAndTheirSecretsNeverShown() {
        TestUser user = newUser();
        String clientId = ok(api.post("/api/dbc/clients", user.token(), Map.of("name", "c1",
                "url", standin.baseUri().toString()))).path("id").asString();
        Api.Response wrongSeed = api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "a", "wallet", DbcFixtures.WALLET, "seed", "0x" + "77".repeat(32)));
        assertThat(wrongSeed.status()).isEqualTo(400);
        assertThat(wrongSeed.data().path("ruleViolated").path("seed").get(0).asString()).isEqualTo("keyOf(wallet)");
        Api.Response badWallet = api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "a", "wallet", "5abc", "seed", DbcFixtures.SEED));
        assertThat(badWallet.json().path("msg").asString()).contains("params[wallet] ss58(");
        Api.Response both = api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "a", "sessionId", "s", "sessionIdSign", "00", "seed", DbcFixtures.SEED));
        assertThat(both.code()).isEqualTo("General.ParameterInvalid");
        Api.Response badSign = api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "a", "sessionId", "sess", "sessionIdSign", "ab".repeat(64),
                        "wallet", DbcFixtures.WALLET));
        assertThat(badSign.data().path("ruleViolated").path("sessionIdSign").get(0).asString())
                .isEqualTo("signatureOf(sessionId, wallet)");
        Api.Response badUrl = api.post("/api/dbc/clients", user.token(), Map.of("name", "c2", "url", "ftp://x"));
        assertThat(badUrl.data().path("ruleViolated").path("url").get(0).asString()).startsWith("url(");

        String sign = java.util.HexFormat.of().formatHex(DbcFixtures.RENTER.sign("sess"));
        JsonNode session = ok(api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "by-session", "sessionId", "sess", "sessionIdSign", sign, "wallet",
                        DbcFixtures.WALLET)));
        assertThat(session.path("authType").asString()).isEqualTo("session");
        JsonNode wallet = ok(api.post("/api/dbc/clients/" + clientId + "/accounts", user.token(),
                Map.of("name", "by-seed", "wallet", DbcFixtures.WALLET, "seed", DbcFixtures.SEED)));
        assertThat(wallet.path("wallet").asString()).isEqualTo(DbcFixtures.WALLET);
        String listed = api.get("/api/dbc/accounts", user.token()).text();
        assertThat(listed).contains("by-seed").doesNotContain("5e5e5e").doesNotContain(sign);
        String admin = api.get("/admin/dbc/accounts", ADMIN_TOKEN).text();
        assertThat(admin).contains("by-seed").doesNotContain("5e5e5e").doesNotContain(sign);
        assertThat(api.get("/admin/dbc/clients", user.token()).status()).isEqualTo(403);
    }

    @Test
    void machinesAreListedWithTheirConfiguration() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        JsonNode list = ok(api.get("/api/dbc/machines", user.token()));
        JsonNode machine = null;
        for (JsonNode m : list) {
            if (m.path("nodeId").asString().equals(NODE)) {
                machine = m;
            }
        }
        assertThat(machine).isNotNull();
        assertThat(machine.path("gpuCount").asInt()).isEqualTo(4);
        assertThat(machine.path("cpuCores").asInt()).isEqualTo(32);
        assertThat(machine.path("memGb").asInt()).isEqualTo(128);
        assertThat(machine.path("images").toString()).contains("ubuntu.qcow2");
        assertThat(machines.withFreeGpus(user.id(), 2)).extracting(DbcMachine::nodeId).contains(NODE);
        // every client's machines, each with whose client it is (several users registered this stand-in)
        assertThat(machines.allMachines()).filteredOn(m -> m.nodeId().equals(NODE)
                && Long.valueOf(user.id()).equals(m.ownerUserId())).singleElement()
                .extracting(DbcMachine::gpuCount).isEqualTo(4);
        assertThat(ok(api.get("/api/dbc/machines/" + NODE + "/rent-orders", user.token())).get(0).path("renter")
                .asString()).isEqualTo(DbcFixtures.WALLET);
        TestUser stranger = newUser();
        assertThat(ok(api.get("/api/dbc/machines", stranger.token())).toString()).doesNotContain(NODE);
    }

    @Test
    void mistakesAreReportedBeforeTheClientIsCalled() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        int before = standin.received().size();
        Map<String, Object> vm = new java.util.LinkedHashMap<>(DbcFixtures.vm(NODE, 70000, 100));
        vm.put("imageName", "ubuntu.iso");
        vm.put("cpuCores", 0);
        vm.put("operationSystem", "beos");
        vm.put("biosMode", "bios");
        vm.put("desc", "say \"hi\"\n");
        Api.Response response = api.post("/api/dbc/vms", user.token(), vm);
        assertThat(response.status()).isEqualTo(400);
        JsonNode rules = response.data().path("ruleViolated");
        assertThat(rules.path("operationSystem").get(0).asString()).isEqualTo("oneOf(linux,windows)");
        assertThat(rules.path("biosMode").get(0).asString()).isEqualTo("oneOf(legacy,uefi,pxe)");
        assertThat(rules.path("sshPort").get(0).asString()).isEqualTo("range(1,65535)");
        assertThat(rules.path("vncPort").get(0).asString()).isEqualTo("range(5900,65535)");
        assertThat(rules.path("cpuCores").get(0).asString()).isEqualTo("min(1)");
        assertThat(rules.path("imageName").get(0).asString()).isEqualTo("pattern(*.qcow2)");
        assertThat(rules.path("desc").get(0).asString()).startsWith("pattern(");

        Map<String, Object> missingImage = new java.util.LinkedHashMap<>(DbcFixtures.vm(NODE, 30022, 5930));
        missingImage.put("imageName", "centos.qcow2");
        missingImage.put("gpuCount", 9);
        JsonNode machineRules = api.post("/api/dbc/vms", user.token(), missingImage).data().path("ruleViolated");
        assertThat(machineRules.path("imageName").get(0).asString()).startsWith("oneOf(").contains("ubuntu.qcow2");
        assertThat(machineRules.path("gpuCount").get(0).asString()).isEqualTo("max(4)");
        assertThat(api.post("/api/dbc/vms", user.token(), DbcFixtures.vm("ab", 30022, 5930)).data()
                .path("ruleViolated").path("nodeId").get(0).asString()).isEqualTo("pattern(64 hex characters)");
        assertThat(standin.received().subList(before, standin.received().size()))
                .noneMatch(r -> r.path().startsWith("/api/v1/tasks"));

        ok(api.post("/api/dbc/vms", user.token(), DbcFixtures.vm(NODE, 30022, 5930)));
        Api.Response clash = api.post("/api/dbc/vms", user.token(), DbcFixtures.vm(NODE, 5930, 5931));
        assertThat(clash.data().path("ruleViolated").path("sshPort").get(0).asString())
                .startsWith("free(used by your VM");
        TestUser other = newUser();
        DbcFixtures.register(api, other, standin);
        // another user's ports are not checked by Hutong: the node reports its own port conflict
        Api.Response nodeConflict = api.post("/api/dbc/vms", other.token(), DbcFixtures.vm(NODE, 30022, 5932));
        assertThat(nodeConflict.code()).isEqualTo("General.Failure");
        assertThat(nodeConflict.json().path("msg").asString()).contains("port conflict").contains("errcode 1");
    }

    @Test
    void aVmIsFollowedFromCreatingToRunningAndThroughItsOperations() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        JsonNode created = ok(api.post("/api/dbc/vms", user.token(), DbcFixtures.vm(NODE, 31022, 5940)));
        String vmId = created.path("id").asString();
        assertThat(created.path("status").asString()).isEqualTo("creating");
        assertThat(created.path("following").asString()).isEqualTo("create");

        TestClockConfiguration.CLOCK.advance(DbcFixtures.CREATE_DELAY);
        awaitStatus(user, vmId, "running");
        JsonNode running = vmDetail(user, vmId);
        assertThat(running.has("following")).isFalse();
        assertThat(running.path("login").path("sshPort").asInt()).isEqualTo(31022);
        assertThat(running.path("login").path("userName").asString()).isEqualTo("dbc");
        assertThat(running.path("login").path("password").asString()).isNotBlank();
        assertThat(running.path("history")).extracting(h -> h.path("status").asString())
                .containsSubsequence("creating", "running");
        assertThat(events.ofType(DbcVmStatusChanged.class)).anySatisfy(e -> {
            assertThat(e.vmId()).isEqualTo(Long.parseLong(vmId));
            assertThat(e.to()).isEqualTo("running");
        });
        assertThat(ok(api.get("/api/dbc/vms/" + vmId + "/logs?flag=head&lines=3", user.token())).path("log")
                .asString()).contains("head 1");

        TestUser stranger = newUser();
        assertThat(api.get("/api/dbc/vms/" + vmId, stranger.token()).status()).isEqualTo(404);
        assertThat(api.get("/admin/dbc/vms", ADMIN_TOKEN).text()).contains(running.path("taskId").asString())
                .doesNotContain(running.path("login").path("password").asString());

        Api.Response notClosed = api.post("/api/dbc/vms/" + vmId + "/snapshots", user.token(),
                Map.of("snapshotName", "s1"));
        assertThat(notClosed.code()).isEqualTo("General.Failure");
        ok(api.post("/api/dbc/vms/" + vmId + "/poweroff", user.token(), "{}"));
        TestClockConfiguration.CLOCK.advance(FIRST_POLL);
        awaitStatus(user, vmId, "being poweroff");
        TestClockConfiguration.CLOCK.advance(TRANSITION());
        awaitStatus(user, vmId, "closed");
        ok(api.post("/api/dbc/vms/" + vmId + "/snapshots", user.token(), Map.of("snapshotName", "s1", "desc", "v1")));
        TestClockConfiguration.CLOCK.advance(FIRST_POLL);
        awaitStatus(user, vmId, "snapshot creating");
        TestClockConfiguration.CLOCK.advance(TRANSITION());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(vmDetail(user, vmId).has("following"))
                .isFalse());
        assertThat(ok(api.get("/api/dbc/vms/" + vmId + "/snapshots", user.token())).get(0).path("snapshot_name")
                .asString()).isEqualTo("s1");
        ok(api.delete("/api/dbc/vms/" + vmId + "/snapshots/s1", user.token()));
        assertThat(ok(api.get("/api/dbc/vms/" + vmId + "/disks", user.token())).get(0).path("name").asString())
                .isEqualTo("vda");

        assertThat(api.post("/api/dbc/vms/" + vmId + "/explode", user.token(), "{}").code())
                .isEqualTo("General.ParameterInvalid");
        ok(api.post("/api/dbc/vms/" + vmId + "/delete", user.token(), "{}"));
        TestClockConfiguration.CLOCK.advance(FIRST_POLL);
        awaitStatus(user, vmId, "deleting");
        TestClockConfiguration.CLOCK.advance(TRANSITION());
        awaitStatus(user, vmId, "deleted");
        List<String> statuses = vmDetail(user, vmId).path("history").valueStream()
                .map(h -> h.path("status").asString()).toList();
        assertThat(statuses).containsSubsequence("creating", "running", "being poweroff", "closed",
                "snapshot creating", "closed", "deleting", "deleted");
        assertThat(api.post("/api/dbc/vms/" + vmId + "/start", user.token(), "{}").code()).isEqualTo("General.Failure");
    }

    @Test
    void aVmThatFailsToCreateEndsInItsErrorStatus() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        Map<String, Object> vm = new java.util.LinkedHashMap<>(DbcFixtures.vm(NODE, 32022, 5950));
        vm.put("imageName", "broken.qcow2");
        String vmId = ok(api.post("/api/dbc/vms", user.token(), vm)).path("id").asString();
        TestClockConfiguration.CLOCK.advance(DbcFixtures.CREATE_DELAY);
        awaitStatus(user, vmId, "create error");
        assertThat(vmDetail(user, vmId).has("following")).isFalse();
    }

    private static Duration TRANSITION() {
        return DbcFixtures.TRANSITION_DELAY;
    }
}
