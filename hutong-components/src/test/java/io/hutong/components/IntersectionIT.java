package io.hutong.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpServer;
import io.hutong.components.internal.wire.EcdhPsiCipherBatch;
import io.hutong.components.internal.wire.PushRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two parties of Intersection in one JVM, each with its own storage and its own stand-in node,
 * compared with a plain set intersection of their keys.
 */
class IntersectionIT {

    private static final String GUEST = "guest.0";
    private static final String HOST = "host.0";
    private static final String INPUT = "{\"namespace\":\"space\",\"name\":\"ids\"}";
    private static final String TASK = "task_psi";

    @TempDir
    Path guestStorage;
    @TempDir
    Path hostStorage;

    private final StandInNodes nodes = new StandInNodes("node-a", "node-b");

    @AfterEach
    void close() {
        nodes.close();
    }

    @ParameterizedTest(name = "{0} % overlap")
    @ValueSource(ints = {0, 50, 100})
    void bothPartiesFindTheIntersectionOfTheirIds(int overlap) {
        List<String> common = ids(5000 * overlap / 100, 1);
        List<String> guestIds = shuffled(concat(common, ids(5000 - common.size(), 2)), 3);
        List<String> hostIds = shuffled(concat(common, ids(6000 - common.size(), 4)), 5);
        Run run = run(csv("id", guestIds), csv("id", hostIds), Map.of());

        run.succeeded();
        assertThat(run.output(guestStorage)).isEqualTo(expected(csv("id", guestIds), csv("id", hostIds), "id", "id"));
        assertThat(run.output(hostStorage)).isEqualTo(expected(csv("id", hostIds), csv("id", guestIds), "id", "id"));
        assertThat(run.output(guestStorage)).hasSize(common.size() + 1);
        assertThat(run.guest.resultLine())
                .isEqualTo("result: {\"original_count\":5000,\"peer_count\":6000,\"intersection_count\":" + common.size() + "}");
        assertThat(run.host.resultLine())
                .isEqualTo("result: {\"original_count\":6000,\"peer_count\":5000,\"intersection_count\":" + common.size() + "}");
        assertThat(run.guest.callbacks).containsExactly("SUCCESS");
    }

    @Test
    void duplicateIdsKeepEveryLine() {
        List<String> guestLines = List.of("id,n", "a,1", "b,2", "a,3", "c,4", "a,5");
        List<String> hostLines = List.of("id", "a", "a", "c", "d", "c");
        Run run = run(guestLines, hostLines, Map.of());

        run.succeeded();
        assertThat(run.output(guestStorage)).containsExactly("id,n", "a,1", "a,3", "c,4", "a,5");
        assertThat(run.output(hostStorage)).containsExactly("id", "a", "a", "c", "c");
    }

    @Test
    void anEmptySideMeetsNothing() {
        Run run = run(List.of("id"), csv("id", ids(100, 6)), Map.of());

        run.succeeded();
        assertThat(run.output(guestStorage)).containsExactly("id");
        assertThat(run.output(hostStorage)).containsExactly("id,row");
        assertThat(run.host.resultLine()).contains("\"peer_count\":0", "\"intersection_count\":0");
    }

    @Test
    void unicodeIdsMatchByTheirBytes() {
        List<String> guestLines = List.of("id", "张三-001", "José", "Ölçüm", "🙂", "plain");
        List<String> hostLines = List.of("id", "plain", "🙂", "Jose", "张三-001");
        Run run = run(guestLines, hostLines, Map.of());

        run.succeeded();
        assertThat(run.output(guestStorage)).containsExactly("id", "张三-001", "🙂", "plain");
        assertThat(run.output(hostStorage)).containsExactly("id", "plain", "🙂", "张三-001");
    }

    @Test
    void severalKeyColumnsInEitherOrderAndSpacing() {
        List<String> guestLines = List.of("id,name,phone", "1,ann,555", "2,bob,556", "3,cy,557", "1,ann,999");
        List<String> hostLines = List.of("phone, score ,id", "555,10,1", " 556 ,11, 2", "557,12,4");
        Run run = run(guestLines, hostLines, Map.of("field_names", "id,phone"));

        run.succeeded();
        assertThat(run.output(guestStorage)).containsExactly("id,name,phone", "1,ann,555", "2,bob,556");
        assertThat(run.output(hostStorage)).containsExactly("phone, score ,id", "555,10,1", " 556 ,11, 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {GUEST, HOST})
    void onlyThePartyNamedInResultToLearnsTheIntersection(String receiver) {
        List<String> common = ids(300, 7);
        List<String> guestIds = concat(common, ids(200, 8));
        List<String> hostIds = concat(ids(100, 9), common);
        String role = receiver.substring(0, receiver.indexOf('.'));
        Run run = run(csv("id", guestIds), csv("id", hostIds), Map.of("result_to", role));

        run.succeeded();
        Party gets = receiver.equals(GUEST) ? run.guest : run.host;
        Party not = receiver.equals(GUEST) ? run.host : run.guest;
        Path getsStorage = receiver.equals(GUEST) ? guestStorage : hostStorage;
        Path notStorage = receiver.equals(GUEST) ? hostStorage : guestStorage;
        assertThat(run.output(getsStorage)).hasSize(301);
        assertThat(Files.exists(outputFile(notStorage, not.role))).isFalse();
        assertThat(gets.resultLine()).contains("\"intersection_count\":300");
        assertThat(not.resultLine()).doesNotContain("intersection_count");
    }

    @Test
    void sm2FindsTheSameIntersection() {
        List<String> common = ids(250, 10);
        List<String> guestIds = shuffled(concat(common, ids(250, 11)), 12);
        List<String> hostIds = concat(ids(150, 13), common);
        Run run = run(csv("id", guestIds), csv("id", hostIds), Map.of("curve_type", "sm2"));

        run.succeeded();
        assertThat(run.output(guestStorage)).isEqualTo(expected(csv("id", guestIds), csv("id", hostIds), "id", "id"));
        assertThat(run.output(hostStorage)).isEqualTo(expected(csv("id", hostIds), csv("id", guestIds), "id", "id"));
    }

    @Test
    void withoutTheHandshakeTheRunIsTheSame() {
        List<String> common = ids(400, 14);
        Run run = run(csv("id", concat(common, ids(100, 15))), csv("id", concat(ids(50, 16), common)),
                Map.of("handshake", "false"));

        run.succeeded();
        assertThat(run.output(guestStorage)).hasSize(401);
        assertThat(run.output(hostStorage)).hasSize(401);
    }

    @Test
    void noMessageHoldsAnIdOrItsDigest() {
        List<String> guestIds = ids(3000, 17);
        List<String> hostIds = concat(guestIds.subList(0, 1500), ids(1500, 18));
        Run run = run(csv("id", guestIds), csv("id", hostIds), Map.of());

        run.succeeded();
        List<byte[]> bodies = nodes.bodies();
        assertThat(bodies).hasSizeGreaterThan(4);
        // each id as its bytes and as its SHA-256 digest (the point it hashes to), looked for at every offset
        Map<String, String> secrets = new HashMap<>();
        for (String id : concat(guestIds, hostIds)) {
            byte[] plain = id.getBytes(StandardCharsets.UTF_8);
            secrets.put(new String(plain, StandardCharsets.ISO_8859_1), id);
            secrets.put(new String(sha256(plain), StandardCharsets.ISO_8859_1), id);
        }
        Set<Integer> lengths = new HashSet<>();
        secrets.keySet().forEach(secret -> lengths.add(secret.length()));
        Set<String> leaks = new HashSet<>();
        for (byte[] body : bodies) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            for (int length : lengths) {
                for (int i = 0; i + length <= text.length(); i++) {
                    String id = secrets.get(text.substring(i, i + length));
                    if (id != null) {
                        leaks.add(id);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void handshakeRefusesPartiesThatMaskDifferently() {
        Run run = start(csv("id", ids(10, 19)), csv("id", ids(10, 20)), Map.of(), Map.of("curve_type", "sm2"));

        assertThat(run.guest.exitCode()).isEqualTo(1);
        assertThat(run.host.exitCode()).isEqualTo(1);
        assertThat(run.guest.errors).singleElement().asString().contains("refused the handshake of host.0",
                "masks with CURVE25519");
        assertThat(run.host.errors).singleElement().asString().contains("guest.0 at node-a refused the handshake");
        assertThat(run.guest.callbacks).containsExactly("FAILED");
    }

    @Test
    void aPeerThatStopsMidRunFailsBothSidesWithNothingHalfWritten() {
        AtomicInteger hostBatches = new AtomicInteger();
        Map<String, String> quick = Map.of("timeout", "3");
        Run run = new Run();
        nodes.onPush(push -> {
            if (push.from().equals("node-b") && key(push.body()).startsWith("root:P2P-") && hostBatches.incrementAndGet() == 4) {
                run.host.stop();
            }
        });
        run.start(csv("id", ids(30000, 21)), csv("id", ids(30000, 22)), quick, quick);

        assertThat(run.host.exitCode()).isEqualTo(1);
        assertThat(run.guest.exitCode()).isEqualTo(1);
        assertThat(run.host.errors).singleElement().asString().contains("stopped");
        assertThat(run.guest.errors).singleElement().asString()
                .contains("nothing came from host.0 at node-b for 3 s while waiting for");
        assertThat(storageFiles(guestStorage)).containsExactly("space/ids");
        assertThat(storageFiles(hostStorage)).containsExactly("space/ids");
    }

    @Test
    void aMalformedBatchFailsTheParty() {
        // a fake host: its greeting, then an enc batch whose 33 bytes hold no whole X25519 point
        nodes.onPush(push -> {
            if (push.from().equals("node-a") && key(push.body()).startsWith("connect_")) {
                deliverFromHost(PushRequest.newBuilder().setSenderRank(1).setKey("connect_1\u0001\u00020").build());
                deliverFromHost(PushRequest.newBuilder().setSenderRank(1).setKey("root:P2P-1:1->0\u0001\u00021")
                        .setValue(EcdhPsiCipherBatch.newBuilder().setType("enc").setCount(1)
                                .setCiphertext(ByteString.copyFrom(new byte[33])).build().toByteString())
                        .build());
            }
        });
        Party guest = party(GUEST, guestStorage, csv("id", ids(10, 23)), Map.of("handshake", "false")).start();

        assertThat(guest.exitCode()).isEqualTo(1);
        assertThat(guest.errors).singleElement().asString()
                .contains("host.0 at node-b's enc batch 0 has 33 bytes for 1 points of 32");
        assertThat(storageFiles(guestStorage)).containsExactly("space/ids");
    }

    @Test
    void aMissingKeyColumnFailsBeforeAnyMessage() {
        Party guest = party(GUEST, guestStorage, csv("id", ids(10, 24)), Map.of("field_names", "phone")).start();

        assertThat(guest.exitCode()).isEqualTo(1);
        assertThat(guest.errors).containsExactly("Intersection failed: parameter field_names: column 'phone' is not in "
                + "dataset space/ids, whose columns are [id, row]");
        assertThat(nodes.transcript()).isEmpty();
        assertThat(storageFiles(guestStorage)).containsExactly("space/ids");
    }

    @Test
    void aKeyColumnTwiceInTheHeaderFails() {
        Party guest = party(GUEST, guestStorage, List.of("id,name,id", "1,a,1"), Map.of()).start();

        assertThat(guest.exitCode()).isEqualTo(1);
        assertThat(guest.errors).singleElement().asString()
                .contains("column 'id' appears 2 times in the header of dataset space/ids");
        assertThat(nodes.transcript()).isEmpty();
    }

    @Test
    void aRowWithoutTheKeyColumnFailsWithItsLine() {
        Party guest = party(GUEST, guestStorage, List.of("name,id", "a,1", "", "b"), Map.of("field_names", "id")).start();

        assertThat(guest.exitCode()).isEqualTo(1);
        assertThat(guest.errors).singleElement().asString()
                .contains("line 4 of dataset space/ids has 1 field; key column 'id' is field 2");
    }

    @Test
    void theProcessFormRunsFromItsEnvironmentAndPostsItsCallback() throws Exception {
        List<String> callbacks = new CopyOnWriteArrayList<>();
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/v1/platform/schedule/task/callback", exchange -> {
            callbacks.add(exchange.getRequestHeaders().getFirst("token") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"code\":0,\"msg\":\"success\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        node.start();
        try {
            List<String> common = ids(200, 25);
            Map<String, String> env = env(GUEST, guestStorage, csv("id", concat(common, ids(100, 26))), Map.of());
            env.put("system.callback", "http://127.0.0.1:" + node.getAddress().getPort()
                    + "/v1/platform/schedule/task/callback");
            ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Intersection.class.getName())
                    .redirectOutput(guestStorage.resolve("stdout").toFile())
                    .redirectError(guestStorage.resolve("stderr").toFile());
            process.environment().clear();
            process.environment().putAll(env);
            Process guest = process.start();
            Party host = party(HOST, hostStorage, csv("id", concat(ids(50, 27), common)), Map.of()).start();

            assertThat(guest.waitFor()).as(Files.readString(guestStorage.resolve("stderr"))).isZero();
            assertThat(host.exitCode()).isZero();
            assertThat(lines(outputFile(guestStorage, GUEST))).hasSize(201);
            assertThat(lines(guestStorage.resolve("stdout"))).last().asString()
                    .matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z result: \\{\"original_count\":300,\"peer_count\":250,"
                            + "\"intersection_count\":200}");
            assertThat(Files.readString(guestStorage.resolve("stderr"))).isEmpty();
            assertThat(callbacks).containsExactly(
                    "token-guest.0 {\"task_id\":\"task_psi\",\"status\":\"SUCCESS\",\"role\":\"guest.0\"}");
        } finally {
            node.stop(0);
        }
    }

    // ---- the runs

    private final class Run {
        Party guest;
        Party host;

        Run start(List<String> guestLines, List<String> hostLines, Map<String, String> guestParameters,
                Map<String, String> hostParameters) {
            guest = party(GUEST, guestStorage, guestLines, guestParameters);
            host = party(HOST, hostStorage, hostLines, hostParameters);
            guest.start();
            host.start();
            return this;
        }

        void succeeded() {
            assertThat(guest.exitCode()).as(guest.toString()).isZero();
            assertThat(host.exitCode()).as(host.toString()).isZero();
            assertThat(guest.errors).isEmpty();
            assertThat(host.errors).isEmpty();
        }

        List<String> output(Path storage) {
            Party party = storage.equals(guestStorage) ? guest : host;
            return lines(outputFile(storage, party.role));
        }
    }

    private Run run(List<String> guestLines, List<String> hostLines, Map<String, String> parameters) {
        return start(guestLines, hostLines, parameters, parameters);
    }

    private Run start(List<String> guestLines, List<String> hostLines, Map<String, String> guestParameters,
            Map<String, String> hostParameters) {
        return new Run().start(guestLines, hostLines, guestParameters, hostParameters);
    }

    private Party party(String role, Path storage, List<String> lines, Map<String, String> parameters) {
        return new Party(role, env(role, storage, lines, parameters));
    }

    /** A party's container environment, its dataset written to its storage. */
    private Map<String, String> env(String role, Path storage, List<String> lines, Map<String, String> parameters) {
        write(storage.resolve("space").resolve("ids"), lines);
        boolean guest = role.equals(GUEST);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("system.storage", storage.toUri().toString());
        env.put("system.transport", nodes.address(guest ? "node-a" : "node-b"));
        env.put("system.callback", "http://127.0.0.1:1/v1/platform/schedule/task/callback");
        env.put("config.self_role", role);
        env.put("config.task_id", TASK);
        env.put("config.node_id." + GUEST, "node-a");
        env.put("config.node_id." + HOST, "node-b");
        env.put("config.inst_id." + GUEST, "node-a");
        env.put("config.inst_id." + HOST, "node-b");
        env.put("config.session_id", TASK);
        env.put("config.trace_id", "job_psi");
        env.put("config.token", "token-" + role);
        env.put("runtime.component.name", "intersect_0");
        env.put("runtime.component.input.train_data", INPUT);
        env.put("runtime.component.output.train_data", output(role));
        parameters.forEach((name, value) -> env.put("runtime.component.parameter." + name, value));
        return env;
    }

    private static String output(String role) {
        return "{\"namespace\":\"job_psi-" + role.replace('.', '-') + "\",\"name\":\"" + TASK + "-train_data\"}";
    }

    private static Path outputFile(Path storage, String role) {
        return storage.resolve("job_psi-" + role.replace('.', '-')).resolve(TASK + "-train_data");
    }

    private void deliverFromHost(PushRequest message) {
        nodes.deliver("node-b", "node-a", TASK, HOST + "-" + GUEST, message.toByteArray());
    }

    // ---- data

    /** {@code count} distinct 18-digit ids of a seed. */
    private static List<String> ids(int count, long seed) {
        Random random = new Random(seed);
        Set<String> ids = new LinkedHashSet<>();
        while (ids.size() < count) {
            ids.add(Long.toString(100_000_000_000_000_000L + Math.floorMod(random.nextLong(), 900_000_000_000_000_000L)));
        }
        return new ArrayList<>(ids);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> shuffled(List<String> ids, long seed) {
        List<String> copy = new ArrayList<>(ids);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** A dataset of the ids with a second column, so whole lines are what is compared. */
    private static List<String> csv(String column, List<String> ids) {
        List<String> lines = new ArrayList<>();
        lines.add(column + ",row");
        for (int i = 0; i < ids.size(); i++) {
            lines.add(ids.get(i) + "," + i);
        }
        return lines;
    }

    /** The plain intersection: the header and the own lines whose key the peer has, in order. */
    private static List<String> expected(List<String> own, List<String> peer, String ownKey, String peerKey) {
        Function<List<String>, Function<String, String>> key = lines -> {
            int index = List.of(lines.get(0).split(",")).indexOf(lines == own ? ownKey : peerKey);
            return line -> line.split(",", -1)[index];
        };
        Function<String, String> peerKeys = key.apply(peer);
        Set<String> keys = new HashSet<>(peer.subList(1, peer.size()).stream().map(peerKeys).toList());
        Function<String, String> ownKeys = key.apply(own);
        List<String> expected = new ArrayList<>(List.of(own.get(0)));
        own.subList(1, own.size()).stream().filter(line -> keys.contains(ownKeys.apply(line))).forEach(expected::add);
        return expected;
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under the storage, as a path relative to it. */
    private static List<String> storageFiles(Path storage) {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).map(file -> storage.relativize(file).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(byte[] body) {
        try {
            return PushRequest.parseFrom(body).getKey();
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
