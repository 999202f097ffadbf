package io.hutong.dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hutong.dbc.internal.DbcConnector.Target;
import io.hutong.dbc.internal.DbcFailure.Kind;
import io.hutong.sr25519.Sr25519;
import io.hutong.sr25519.Ss58;
import io.hutong.standin.StandinDbcClient;
import io.hutong.standin.StandinMachine;
import io.hutong.support.MutableClock;
import io.hutong.web.ErrorKind;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every connector call against the stand-in dbc_client: what it sends, what it reads, and each class of failure. */
class DbcConnectorTest {

    static final String NODE = "1".repeat(64);
    static final String SLOW_NODE = "2".repeat(64);
    static final String EXPIRED_NODE = "3".repeat(64);
    static final String UNKNOWN_NODE = "4".repeat(64);
    static final Sr25519.KeyPair RENTER = Sr25519.fromSeed(HexFormat.of().parseHex("a1".repeat(32)));
    static final String WALLET = Ss58.encode(RENTER.publicKey());
    static final Sr25519.KeyPair STRANGER = Sr25519.fromSeed(HexFormat.of().parseHex("b2".repeat(32)));

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"),
            ZoneId.of("Asia/Shanghai"));
    private static StandinDbcClient standin;
    private static DbcConnector connector;
    private static String url;

    @BeforeAll
    static void start() {
        standin = StandinDbcClient.builder().clock(CLOCK).createDelay(Duration.ofMinutes(10))
                .transitionDelay(Duration.ofSeconds(20)).transferDuration(Duration.ofMinutes(1))
                .machine(StandinMachine.builder(NODE).name("rig-1").gpus(4).image("ubuntu.qcow2")
                        .image("win.qcow2").renter(WALLET).build())
                .machine(StandinMachine.builder(SLOW_NODE).image("ubuntu.qcow2").renter(WALLET).unresponsive(true)
                        .build())
                .machine(StandinMachine.builder(EXPIRED_NODE).image("ubuntu.qcow2").renter(WALLET)
                        .rentEnd(CLOCK.instant().minusSeconds(1)).build())
                .start();
        url = standin.baseUri().toString();
        connector = new DbcConnector(JsonMapper.builder().build(), new DbcProperties(Duration.ofSeconds(10),
                Duration.ofSeconds(60), "/dbc", null, null));
    }

    @AfterAll
    static void stop() {
        standin.close();
    }

    private static Target wallet(String node) {
        return new Target(url, node, new DbcAuth.Wallet(WALLET, RENTER));
    }

    private static Map<String, String> vm(String sshPort, String vncPort) {
        Map<String, String> additional = new LinkedHashMap<>();
        additional.put("image_name", "ubuntu.qcow2");
        additional.put("ssh_port", sshPort);
        additional.put("vnc_port", vncPort);
        additional.put("gpu_count", "1");
        additional.put("cpu_cores", "4");
        additional.put("mem_size", "8");
        additional.put("disk_size", "20");
        additional.put("desc", "connector test");
        return additional;
    }

    private static void failsWith(Kind kind, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DbcFailure.class,
                failure -> assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(kind));
    }

    @Test
    void machinesRentOrdersAndSessions() {
        assertThat(connector.nodes(url)).extracting(DbcWire.NodeEntry::node_id).contains(NODE, SLOW_NODE);
        DbcWire.MachineInfo info = connector.machineInfo(url, NODE);
        assertThat(info.gpu().gpu_count()).isEqualTo("4");
        assertThat(info.images()).extracting(DbcWire.Image::image_name).contains("ubuntu.qcow2");
        List<DbcWire.RentOrder> orders = connector.rentOrders(url, NODE, null);
        assertThat(orders).singleElement().satisfies(o -> assertThat(o.renter()).isEqualTo(WALLET));
        assertThat(connector.rentOrders(url, NODE, orders.get(0).id())).hasSize(1);

        String session = connector.sessionId(wallet(NODE));
        Target bySession = new Target(url, NODE, new DbcAuth.Session(session,
                HexFormat.of().formatHex(RENTER.sign(session))));
        assertThat(connector.tasks(bySession)).isNotNull();
        failsWith(Kind.SESSION_INVALID, () -> connector.sessionId(bySession));
    }

    @Test
    void aVmLifecycleWithSnapshotsDisksLogsAndChanges() {
        Target target = wallet(NODE);
        DbcWire.TaskSummary created = connector.createTask(target, vm("21001", "5901"), "12345");
        assertThat(created.status()).isEqualTo("creating");
        assertThat(created.desc()).isEqualTo("connector test");
        String task = created.task_id();
        // every value of additional went out as a JSON string, rent_order at the top level
        var sent = standin.received().stream().filter(r -> r.path().equals("/api/v1/tasks/start")).reduce((a, b) -> b)
                .orElseThrow().json();
        sent.path("additional").properties().forEach(e -> assertThat(e.getValue().isString()).as(e.getKey()).isTrue());
        assertThat(sent.path("rent_order").asString()).isEqualTo("12345");
        assertThat(sent.path("wallet").asString()).isEqualTo(WALLET);
        assertThat(Sr25519.verify(RENTER.publicKey(), sent.path("nonce").asString(),
                Sr25519.signatureFromHex(sent.path("sign").asString()))).isTrue();

        assertThat(connector.tasks(target)).extracting(DbcWire.TaskSummary::task_id).contains(task);
        failsWith(Kind.OPERATION_FAILED, () -> connector.createSnapshot(target, task, "s1", "before", null));
        CLOCK.advance(Duration.ofMinutes(10));
        DbcWire.TaskDetails details = connector.task(target, task);
        assertThat(details.status()).isEqualTo("running");
        assertThat(details.ssh_port()).isEqualTo("21001");
        assertThat(details.user_name()).isEqualTo("dbc");
        assertThat(details.login_password()).isNotBlank();
        assertThat(details.cpu_cores()).isEqualTo(4);
        assertThat(details.interfaces()).isNotEmpty();
        assertThat(connector.logs(target, task, "tail", 5)).contains(task);
        connector.passwd(target, task, "dbc", "n3w-Passw0rd");

        connector.operate(target, "restart", task, true);
        assertThat(standin.received().get(standin.received().size() - 1).path()).endsWith("?force_reboot=true");
        assertThat(connector.task(target, task).status()).isEqualTo("restarting");
        CLOCK.advance(Duration.ofSeconds(20));
        connector.operate(target, "reset", task, false);
        CLOCK.advance(Duration.ofSeconds(20));
        connector.operate(target, "shutdown", task, false);
        assertThat(connector.task(target, task).status()).isEqualTo("being shutdown");
        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(connector.task(target, task).status()).isEqualTo("closed");

        connector.modify(target, task, Map.of("new_ssh_port", "21002", "new_cpu_cores", "6"));
        assertThat(connector.task(target, task).ssh_port()).isEqualTo("21002");
        connector.addDisk(target, task, 50, "/data2");
        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(connector.disks(target, task)).extracting(DbcWire.Disk::name).containsExactly("vda", "vdb");
        connector.resizeDisk(target, task, "vdb", 80);
        CLOCK.advance(Duration.ofSeconds(20));
        connector.deleteDisk(target, task, "vdb");
        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(connector.disks(target, task)).hasSize(1);

        connector.createSnapshot(target, task, "s1", "first", null);
        assertThat(connector.task(target, task).status()).isEqualTo("snapshot creating");
        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(connector.snapshots(target, task, null)).extracting(DbcWire.Snapshot::snapshot_name)
                .containsExactly("s1");
        assertThat(connector.snapshots(target, task, "s1")).singleElement()
                .satisfies(s -> assertThat(s.description()).isEqualTo("first"));
        connector.deleteSnapshot(target, task, "s1");
        failsWith(Kind.NOT_FOUND, () -> connector.snapshots(target, task, "s1"));

        connector.operate(target, "start", task, false);
        CLOCK.advance(Duration.ofSeconds(20));
        connector.operate(target, "poweroff", task, false);
        CLOCK.advance(Duration.ofSeconds(20));
        connector.operate(target, "delete", task, false);
        CLOCK.advance(Duration.ofSeconds(20));
        failsWith(Kind.NOT_FOUND, () -> connector.task(target, task));
    }

    @Test
    void imagesMoveThroughTheImageCenter() {
        Target target = wallet(NODE);
        assertThat(connector.imageServers(url).get(0).path("image_server").asString()).isEqualTo("standin-images");
        assertThat(connector.images(url, null).toString()).contains("ubuntu-22.04.qcow2");
        connector.image(target, "download", "ubuntu-22.04.qcow2", "standin-images", "/data");
        assertThat(connector.image(target, "downloadprogress", "ubuntu-22.04.qcow2", null, null).path("progress")
                .asString()).isEqualTo("0%");
        // the file name travels in additional, never in the path
        assertThat(standin.received().get(standin.received().size() - 1).json().path("additional")
                .path("image_filename").asString()).isEqualTo("ubuntu-22.04.qcow2");
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(connector.image(target, "downloadprogress", "ubuntu-22.04.qcow2", null, null).path("status")
                .asString()).isEqualTo("done");
        connector.image(target, "upload", "win.qcow2", "standin-images", null);
        connector.image(target, "upload_stop", "win.qcow2", null, null);
        assertThat(connector.image(target, "uploadprogress", "win.qcow2", null, null).path("status").asString())
                .isEqualTo("stopped");
        connector.image(target, "download_stop", "ubuntu-22.04.qcow2", null, null);
        connector.image(target, "delete", "ubuntu-22.04.qcow2", null, null);
        failsWith(Kind.NOT_FOUND, () -> connector.image(target, "delete", "nothing.qcow2", null, null));
    }

    @Test
    void everyClassOfFailureIsTyped() throws Exception {
        Target target = wallet(NODE);
        connector.createTask(target, vm("22001", "5922"), null);
        failsWith(Kind.PORT_CONFLICT, () -> connector.createTask(target, vm("22001", "5923"), null));
        failsWith(Kind.OPERATION_FAILED, () -> connector.createTask(target, Map.of("image_name", "none.qcow2"), null));
        failsWith(Kind.NOT_FOUND, () -> connector.task(target, "A".repeat(22)));
        failsWith(Kind.NODE_NOT_DISCOVERED, () -> connector.tasks(wallet(UNKNOWN_NODE)));
        failsWith(Kind.BAD_PARAMETERS, () -> connector.tasks(wallet("not-a-node")));
        failsWith(Kind.UNKNOWN_PATH, () -> connector.call(target, "/tasks/foo/" + "A".repeat(22), Map.of(), null));
        failsWith(Kind.UNKNOWN_PATH, () -> connector.call(target, "/nothing", Map.of(), null));
        failsWith(Kind.TIMEOUT, () -> connector.tasks(wallet(SLOW_NODE)));
        failsWith(Kind.RENT_EXPIRED, () -> connector.tasks(wallet(EXPIRED_NODE)));
        failsWith(Kind.NOT_RENTED, () -> connector.tasks(new Target(url, NODE,
                new DbcAuth.Wallet(Ss58.encode(STRANGER.publicKey()), STRANGER))));
        failsWith(Kind.AUTHORITY, () -> connector.tasks(new Target(url, NODE, new DbcAuth.Wallet(WALLET, STRANGER))));
        failsWith(Kind.SESSION_INVALID, () -> connector.tasks(new Target(url, NODE,
                new DbcAuth.Session("no-such-session", HexFormat.of().formatHex(RENTER.sign("no-such-session"))))));
        DbcConnector.Raw invalid = connector.post(url, "/tasks", "{\"additional\": {}}".getBytes());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(DbcFailure.of(400, -32600, "invalid request").kind()).isEqualTo(Kind.INVALID_REQUEST);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        failsWith(Kind.UNREACHABLE, () -> connector.nodes("http://127.0.0.1:" + closed));
    }

    @Test
    void anUnreachableClientIsReportedWithItsAddressAndWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String refusedUrl = "http://127.0.0.1:" + closed;
        DbcFailure refused = catchThrowableOfType(DbcFailure.class, () -> connector.nodes(refusedUrl));
        assertThat(refused.getMessage()).isEqualTo("the dbc_client at " + refusedUrl
                + " cannot be reached: connection refused");
        assertThat(refused.toApi().kind()).isEqualTo(ErrorKind.RPC_ERROR);

        DbcConnector impatient = new DbcConnector(JsonMapper.builder().build(), new DbcProperties(Duration.ofMillis(300),
                Duration.ofSeconds(60), "/dbc", null, null));
        try (ServerSocket silent = new ServerSocket(0)) {
            String silentUrl = "http://127.0.0.1:" + silent.getLocalPort();
            DbcFailure timedOut = catchThrowableOfType(DbcFailure.class, () -> impatient.nodes(silentUrl));
            assertThat(timedOut.getMessage()).isEqualTo("the dbc_client at " + silentUrl
                    + " cannot be reached: timed out waiting for the answer");
            assertThat(timedOut.kind()).as("retried as an unreachable client is").isEqualTo(Kind.UNREACHABLE);
            assertThat(timedOut.toApi().kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
        }
    }

    @Test
    void multisigSetsSignWithEnoughMembers() {
        Sr25519.KeyPair second = Sr25519.fromSeed(HexFormat.of().parseHex("c3".repeat(32)));
        List<String> wallets = List.of(WALLET, Ss58.encode(second.publicKey()));
        try (StandinDbcClient multi = StandinDbcClient.builder().clock(CLOCK)
                .machine(StandinMachine.builder(NODE).image("ubuntu.qcow2").multisigRenter(wallets, 2).build())
                .start()) {
            DbcAuth.Multisig both = new DbcAuth.Multisig(wallets, 2, List.of(new DbcAuth.Wallet(WALLET, RENTER),
                    new DbcAuth.Wallet(wallets.get(1), second)));
            assertThat(connector.tasks(new Target(multi.baseUri().toString(), NODE, both))).isEmpty();
            DbcAuth.Multisig one = new DbcAuth.Multisig(wallets, 2, List.of(new DbcAuth.Wallet(WALLET, RENTER)));
            failsWith(Kind.AUTHORITY, () -> connector.tasks(new Target(multi.baseUri().toString(), NODE, one)));
            assertThat(multi.received().get(0).json().path("multisig_accounts").path("threshold").isString()).isTrue();
        }
    }
}
