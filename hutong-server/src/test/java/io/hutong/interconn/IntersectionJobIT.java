package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The standard's ECDH-PSI between two Hutong nodes, as a job: each party's dataset is loaded at its
 * node, the Intersection component runs as a process at node-a and on a thread at node-b (the two
 * forms of the same contract), and each output is the party's own lines whose key the other holds.
 */
class IntersectionJobIT {

    private static Federation federation;

    @BeforeAll
    static void start() {
        // datasets of about 100 KB: a load is not held to the web's body limit, only to the storage's
        federation = new Federation(Map.of("node-b", List.of("--hutong.runtime.process.builtins=in-process")),
                "--hutong.web.max-body-size=64KB");
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    private static Api a() {
        return federation.api("node-a");
    }

    private static Api b() {
        return federation.api("node-b");
    }

    @Test
    void bothPartiesGetTheirLinesOfTheIntersectionAsTheCreatorsOutputs() {
        String namespace = "psi" + UUID.randomUUID().toString().substring(0, 8);
        List<String> guestIds = IntStream.range(0, 10_000).mapToObj(i -> "id" + i).toList();
        List<String> hostIds = IntStream.range(5_000, 15_000).mapToObj(i -> "id" + i).toList();
        load(a(), namespace, "guest", "uid,score\n", guestIds, id -> id + "," + id.length());
        load(b(), namespace, "host", "uid,age\n", hostIds, id -> id + ",7");

        String jobId = create(a(), dag(), config(namespace, "all"));
        JsonNode ended = awaitEnd(a(), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");

        Set<String> expected = new LinkedHashSet<>(guestIds);
        expected.retainAll(new LinkedHashSet<>(hostIds));
        assertThat(expected).hasSize(5_000);
        List<String> guestLines = new ArrayList<>(List.of("uid,score"));
        expected.forEach(id -> guestLines.add(id + "," + id.length()));
        List<String> hostLines = new ArrayList<>(List.of("uid,age"));
        expected.forEach(id -> hostLines.add(id + ",7"));

        JsonNode outputs = outputs(a(), jobId);
        assertThat(outputs).hasSize(1);
        JsonNode guest = outputs.get(0);
        assertThat(guest.path("task_name").asString()).isEqualTo("psi");
        assertThat(guest.path("role").asString()).isEqualTo("guest");
        assertThat(guest.path("output_key").asString()).isEqualTo("train_data");
        assertThat(guest.path("rows").asLong()).isEqualTo(5_000);
        assertThat(download(a(), guest).lines().toList()).isEqualTo(guestLines);
        JsonNode host = outputs(b(), jobId).get(0);
        assertThat(host.path("rows").asLong()).isEqualTo(5_000);
        assertThat(download(b(), host).lines().toList()).isEqualTo(hostLines);

        String taskId = ended.path("task_ids").path("psi").asString();
        String guestLog = a().get("/v1/platform/schedule/task/get_log?task_id=" + taskId + "&log_level=info&start=0",
                NodeIT.ADMIN_TOKEN).data().path("data").asString();
        assertThat(guestLog).contains("\"intersection_count\":5000");
    }

    @Test
    void withTheResultToTheGuestTheHostWritesNothing() {
        String namespace = "psi" + UUID.randomUUID().toString().substring(0, 8);
        load(a(), namespace, "guest", "uid\n", List.of("x", "y", "z"), id -> id);
        load(b(), namespace, "host", "uid\n", List.of("y", "z", "w"), id -> id);

        String jobId = create(a(), dag(), config(namespace, "guest"));
        JsonNode ended = awaitEnd(a(), jobId);
        assertThat(ended.path("result").asString()).as(ended.toString()).isEqualTo("SUCCESS");
        assertThat(download(a(), outputs(a(), jobId).get(0))).isEqualTo("uid\ny\nz\n");
        assertThat(outputs(b(), jobId)).isEmpty();
    }

    @Test
    void aJobNamingADatasetANodeDoesNotHaveIsRejectedThereWithTheReason() {
        String namespace = "psi" + UUID.randomUUID().toString().substring(0, 8);
        load(a(), namespace, "guest", "uid\n", List.of("x"), id -> id);

        JsonNode ended = awaitEnd(a(), create(a(), dag(), config(namespace, "all")));
        assertThat(ended.path("job_status").asString()).isEqualTo("REJECTED");
        assertThat(ended.path("reason").asString()).isEqualTo("rejected by node-b: dataset " + namespace
                + "#host is not at node-b");
    }

    private static void load(Api node, String namespace, String name, String header, List<String> ids,
            Function<String, String> line) {
        StringBuilder csv = new StringBuilder(header);
        ids.forEach(id -> csv.append(line.apply(id)).append('\n'));
        Api.Response loaded = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/datasets/" + namespace
                + "/" + name)).POST(HttpRequest.BodyPublishers.ofString(csv.toString())), NodeIT.ADMIN_TOKEN,
                Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }

    private static JsonNode outputs(Api node, String jobId) {
        Api.Response outputs = node.get("/v1/platform/schedule/job/outputs?job_id=" + jobId, NodeIT.ADMIN_TOKEN);
        assertThat(outputs.json().path("code").asInt()).as(outputs.text()).isZero();
        return outputs.data().path("outputs");
    }

    private static String download(Api node, JsonNode output) {
        Api.Response data = node.get("/api/datasets/" + output.path("namespace").asString() + "/"
                + output.path("name").asString() + "/data", NodeIT.ADMIN_TOKEN);
        assertThat(data.status()).as(data.text()).isEqualTo(200);
        return data.text();
    }

    private static Map<String, Object> dag() {
        Map<String, Object> psi = new LinkedHashMap<>();
        psi.put("name", "psi");
        psi.put("componentName", "Intersection");
        psi.put("version", "1.0.0");
        psi.put("provider", "hutong");
        psi.put("input", List.of());
        psi.put("output", List.of(Map.of("key", "train_data", "type", "dataset")));
        return Map.of("version", "2.0.0", "components", List.of(psi));
    }

    private static Map<String, Object> config(String namespace, String resultTo) {
        return Map.of("version", "2.0.0", "initiator", Map.of("role", "guest", "node_id", "node-a"),
                "role", Map.of("guest", List.of("node-a"), "host", List.of("node-b")),
                "job_params", Map.of("common", Map.of("sync_type", "callback")),
                "task_params", Map.of("common", Map.of("psi", Map.of("result_to", resultTo)),
                        "guest", Map.of("0", Map.of("psi", Map.of("dataset_id", namespace + "#guest"))),
                        "host", Map.of("0", Map.of("psi", Map.of("dataset_id", namespace + "#host")))));
    }
}
