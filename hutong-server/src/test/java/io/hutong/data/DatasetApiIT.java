package io.hutong.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.core.NodeProperties;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The datasets API: load, list, describe, download, delete, who sees what, and every refusal. */
class DatasetApiIT extends NodeIT {

    @Autowired
    NodeProperties node;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLoadedDatasetIsListedDescribedDownloadedAndDeleted() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        Api.Response loaded = load(alice.token(), namespace, "ids.csv", "id,age\n1,34\n2,41\n3,29\n", "");
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
        assertThat(loaded.data().path("rows").asLong()).isEqualTo(3);
        assertThat(loaded.data().path("columns").toString()).isEqualTo("[\"id\",\"age\"]");
        assertThat(loaded.data().path("datasetId").asString()).isEqualTo(namespace + "#ids.csv");
        assertThat(loaded.data().path("size").asLong()).isEqualTo("id,age\n1,34\n2,41\n3,29\n".length());

        Path file = node.dataDir().resolve("storage").resolve(namespace).resolve("ids.csv");
        assertThat(Files.readString(file)).as("where the containers read it").isEqualTo("id,age\n1,34\n2,41\n3,29\n");

        JsonNode meta = api.get("/api/datasets/" + namespace + "/ids.csv", alice.token()).data();
        assertThat(meta.path("owner").asString()).isEqualTo(alice.name());
        assertThat(meta.path("ownerId").asString()).isEqualTo(Long.toString(alice.id()));
        assertThat(meta.path("scope").asString()).isEqualTo("user");
        assertThat(meta.path("rows").asLong()).isEqualTo(3);
        assertThat(meta.path("createTime").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(meta.has("jobId")).as("a loaded dataset is no job's output").isFalse();

        JsonNode list = api.get("/api/datasets?namespace=" + namespace, alice.token()).data();
        assertThat(list.path("total").asLong()).isEqualTo(1);
        assertThat(list.path("datasetList").get(0)).isEqualTo(meta);

        HttpResponse<String> download = download(alice.token(), namespace, "ids.csv");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("ids.csv");
        assertThat(download.body()).isEqualTo("id,age\n1,34\n2,41\n3,29\n");

        assertThat(api.delete("/api/datasets/" + namespace + "/ids.csv", alice.token()).code()).isEqualTo("General.Success");
        Api.Response gone = api.get("/api/datasets/" + namespace + "/ids.csv", alice.token());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("msg").asString()).isEqualTo("no dataset " + namespace + "#ids.csv on this node");
        assertThat(download(alice.token(), namespace, "ids.csv").statusCode()).isEqualTo(404);
        assertThat(file).doesNotExist();
        assertThat(api.get("/api/datasets?namespace=" + namespace, alice.token()).data().path("total").asLong()).isZero();
    }

    @Test
    void theStoredFileIsTheBodyAsContainersReadIt() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        Api.Response loaded = load(alice.token(), namespace, "d", "\uFEFFid,名字\r\n1,北京\r\n\r\n2,\"x\"\r\n3,a\rb", "");
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
        assertThat(loaded.data().path("rows").asLong()).as("blank lines are no rows").isEqualTo(3);
        assertThat(loaded.data().path("columns").toString()).isEqualTo("[\"id\",\"名字\"]");
        String stored = "id,名字\n1,北京\n2,\"x\"\n3,a\rb\n";
        assertThat(Files.readString(node.dataDir().resolve("storage").resolve(namespace).resolve("d"))).isEqualTo(stored);
        assertThat(loaded.data().path("size").asLong()).isEqualTo(stored.getBytes(StandardCharsets.UTF_8).length);

        Api.Response headerOnly = load(alice.token(), namespace, "empty", "id", "");
        assertThat(headerOnly.data().path("rows").asLong()).as("a set may be empty").isZero();
        assertThat(download(alice.token(), namespace, "empty").body()).isEqualTo("id\n");
    }

    @Test
    void usersSeeTheirOwnAndTheNodesDatasetsAndTheAdminSeesEveryOne() throws Exception {
        TestUser alice = newUser();
        TestUser bob = newUser();
        String namespace = namespace();
        assertThat(load(alice.token(), namespace, "alice", "id\n1\n", "").code()).isEqualTo("General.Success");
        Api.Response nodes = load(ADMIN_TOKEN, namespace, "shared", "id\n7\n", "");
        assertThat(nodes.data().path("scope").asString()).isEqualTo("node");
        assertThat(nodes.data().has("owner")).isFalse();

        assertThat(names(bob.token(), namespace)).containsExactly("shared");
        assertThat(names(alice.token(), namespace)).containsExactlyInAnyOrder("alice", "shared");
        assertThat(names(ADMIN_TOKEN, namespace)).containsExactlyInAnyOrder("alice", "shared");

        assertThat(api.get("/api/datasets/" + namespace + "/alice", bob.token()).status()).isEqualTo(404);
        assertThat(download(bob.token(), namespace, "alice").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/datasets/" + namespace + "/alice", bob.token()).status()).isEqualTo(404);
        assertThat(download(bob.token(), namespace, "shared").body()).isEqualTo("id\n7\n");
        assertThat(download(ADMIN_TOKEN, namespace, "alice").body()).isEqualTo("id\n1\n");

        Api.Response notBobs = api.delete("/api/datasets/" + namespace + "/shared", bob.token());
        assertThat(notBobs.status()).isEqualTo(403);
        assertThat(notBobs.json().path("msg").asString()).isEqualTo("dataset " + namespace
                + "#shared belongs to the node: only its owner or an admin may replace or delete it");
        Api.Response takeOver = load(bob.token(), namespace, "alice", "id\n2\n", "?overwrite=true");
        assertThat(takeOver.status()).isEqualTo(403);
        assertThat(takeOver.json().path("msg").asString()).contains("belongs to another user");
        assertThat(download(ADMIN_TOKEN, namespace, "alice").body()).isEqualTo("id\n1\n");

        assertThat(api.delete("/api/datasets/" + namespace + "/alice", ADMIN_TOKEN).code()).isEqualTo("General.Success");
        assertThat(names(alice.token(), namespace)).containsExactly("shared");
        assertThat(api.get("/api/datasets", null).code()).isEqualTo("General.Unauthorized");
    }

    @Test
    void anExistingDatasetIsReplacedOnlyWhenAskedTo() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        load(alice.token(), namespace, "d", "id\n1\n", "");
        Api.Response again = load(alice.token(), namespace, "d", "id\n1\n2\n", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("General.Failure");
        assertThat(again.json().path("msg").asString()).isEqualTo("dataset " + namespace
                + "#d already exists: load it with overwrite=true to replace it");
        assertThat(download(alice.token(), namespace, "d").body()).isEqualTo("id\n1\n");

        Api.Response replaced = load(alice.token(), namespace, "d", "id,x\n1,a\n2,b\n", "?overwrite=true");
        assertThat(replaced.code()).as(replaced.text()).isEqualTo("General.Success");
        assertThat(replaced.data().path("rows").asLong()).isEqualTo(2);
        assertThat(download(alice.token(), namespace, "d").body()).isEqualTo("id,x\n1,a\n2,b\n");
        assertThat(api.get("/api/datasets/" + namespace + "/d", alice.token()).data().path("columns").toString())
                .isEqualTo("[\"id\",\"x\"]");

        Api.Response byAdmin = load(ADMIN_TOKEN, namespace, "d", "id\n3\n", "?overwrite=true");
        assertThat(byAdmin.data().path("owner").asString()).as("replaced content keeps its owner").isEqualTo(alice.name());
        assertThat(Files.list(node.dataDir().resolve("storage").resolve(".replaced")).count())
                .as("no replaced copy is kept after the load").isZero();
    }

    @Test
    void ofTwoLoadsOfOneNewDatasetAtOnceOneWins() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        var first = CompletableFuture.supplyAsync(() -> load(alice.token(), namespace, "d",
                "id\n" + "1\n".repeat(50_000), ""));
        var second = CompletableFuture.supplyAsync(() -> load(alice.token(), namespace, "d",
                "id\n" + "2\n".repeat(50_000), ""));
        List<Api.Response> answers = List.of(first.get(), second.get());
        assertThat(answers).extracting(Api.Response::status).containsExactlyInAnyOrder(200, 409);
        Api.Response winner = answers.get(0).status() == 200 ? answers.get(0) : answers.get(1);
        String expected = "id\n" + (winner == answers.get(0) ? "1\n" : "2\n").repeat(50_000);
        assertThat(download(alice.token(), namespace, "d").body()).isEqualTo(expected);
        assertNothingStaged();
    }

    @Test
    void unsafeNamesAreRefusedNamingThePartAndTheRule() {
        TestUser alice = newUser();
        String rule = "pattern([A-Za-z0-9_-][A-Za-z0-9_.-]{0,254})";
        for (String[] bad : new String[][] {{".hidden", "d"}, {"ns", "a%20b"}, {"ns", "%2e%2e"}, {"%2E%2E", "x"},
                {"ns", ".."}, {"ns", "%252e%252e%252fetc"}, {"ns", "x".repeat(256)}, {"ns", "%E5%90%8D"}}) {
            String at = String.join("/", bad);
            String field = bad[0].equals("ns") ? "name" : "namespace";
            Api.Response response = load(alice.token(), bad[0], bad[1], "id\n1\n", "");
            assertThat(response.status()).as(at + ": " + response.text()).isEqualTo(400);
            assertThat(response.code()).as(at).isEqualTo("General.ParameterInvalid");
            assertThat(response.json().path("msg").asString()).as(at)
                    .isEqualTo("request params[" + field + "] " + rule + ".");
        }
        Api.Response get = api.get("/api/datasets/ns/%2e%2e", alice.token());
        assertThat(get.json().path("msg").asString()).isEqualTo("request params[name] " + rule + ".");
        Api.Response delete = api.delete("/api/datasets/%2e%2e/x", alice.token());
        assertThat(delete.json().path("msg").asString()).isEqualTo("request params[namespace] " + rule + ".");
        // an encoded separator never reaches the node: the HTTP server refuses the path itself
        for (String path : new String[] {"ns/..%2f..%2fetc", "ns/..%5c..%5cetc", "%2fetc/passwd"}) {
            assertThat(load(alice.token(), path.substring(0, path.indexOf('/')), path.substring(path.indexOf('/') + 1),
                    "id\n1\n", "").status()).as(path).isEqualTo(400);
        }
        assertNothingStaged();
    }

    @Test
    void anOversizedBodyIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        String rule = "request params[body] maxSize(" + MAX_UPLOAD_BYTES + ").";
        byte[] big = ("id\n" + "1234567\n".repeat((int) (MAX_UPLOAD_BYTES / 8))).getBytes(StandardCharsets.UTF_8);
        Api.Response declared = load(alice.token(), namespace, "big", new String(big, StandardCharsets.UTF_8), "");
        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.json().path("msg").asString()).isEqualTo(rule);
        Api.Response streamed = api.send(HttpRequest.newBuilder(URI.create(base() + "/api/datasets/" + namespace + "/big"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), alice.token(),
                Map.of("Content-Type", "text/csv"));
        assertThat(streamed.status()).isEqualTo(400);
        assertThat(streamed.json().path("msg").asString()).isEqualTo(rule);
        assertNothingLeft(alice, namespace, "big");
    }

    @Test
    void badCsvIsRefusedWithItsLineAndLeavesNothingBehind() throws Exception {
        TestUser alice = newUser();
        String namespace = namespace();
        Map<String, String> refusals = Map.of(
                "", "request params[body] header(line 1: missing; the first line names the columns).",
                "\nid\n1\n", "request params[body] header(line 1: missing; the first line names the columns).",
                "id,,x\n1,2,3\n", "request params[body] header(line 1: column 2 has no name).",
                "id,x,id\n1,2,3\n", "request params[body] header(line 1: column 3 repeats \"id\").",
                "id,x\n1,a\n2,b\n3\n4,d\n", "request params[body] columns(line 4: 1 values, the header has 2).",
                "id,x\n1,a\n\n2,b,c\n", "request params[body] columns(line 4: 3 values, the header has 2).",
                "id,x\n1,a\n,b\n", "request params[body] idNotEmpty(line 3: column \"id\" is empty).",
                "id,x\r\n1,a\r\n2,b\r\n\r\n,c\r\n", "request params[body] idNotEmpty(line 5: column \"id\" is empty).");
        refusals.forEach((csv, message) -> {
            Api.Response refused = load(alice.token(), namespace, "bad", csv, "");
            assertThat(refused.status()).as(csv).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("General.ParameterInvalid");
            assertThat(refused.json().path("msg").asString()).as(csv).isEqualTo(message);
        });
        Api.Response idColumn = load(alice.token(), namespace, "bad", "id,uid\n1,a\n2,\n", "?idColumns=uid");
        assertThat(idColumn.json().path("msg").asString())
                .isEqualTo("request params[body] idNotEmpty(line 3: column \"uid\" is empty).");
        Api.Response unknown = load(alice.token(), namespace, "bad", "id,x\n1,a\n", "?idColumns=x,uid");
        assertThat(unknown.json().path("msg").asString()).isEqualTo("request params[idColumns] oneOf(id,x).");
        Api.Response json = api.send(HttpRequest.newBuilder(URI.create(base() + "/api/datasets/" + namespace + "/bad"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), alice.token(), Map.of("Content-Type", "application/json"));
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().path("msg").asString()).isEqualTo("request params[Content-Type] oneOf(text/csv).");
        assertNothingLeft(alice, namespace, "bad");

        Api.Response good = load(alice.token(), namespace, "bad", "id,uid\n1,a\n,b\n", "?idColumns=uid");
        assertThat(good.code()).as("only the id columns must have values").isEqualTo("General.Success");
    }

    @Test
    void listsArePaged() {
        TestUser alice = newUser();
        String namespace = namespace();
        for (String name : new String[] {"a", "b", "c"}) {
            load(alice.token(), namespace, name, "id\n1\n", "");
        }
        JsonNode second = api.get("/api/datasets?namespace=" + namespace + "&pageNum=2&pageSize=2", alice.token()).data();
        assertThat(second.path("total").asLong()).isEqualTo(3);
        assertThat(second.path("pageCurrent").asInt()).isEqualTo(2);
        assertThat(second.path("pageSize").asInt()).isEqualTo(2);
        assertThat(second.path("pageTotal").asInt()).isEqualTo(2);
        assertThat(second.path("datasetList")).hasSize(1);
        Api.Response zero = api.get("/api/datasets?pageSize=0", alice.token());
        assertThat(zero.json().path("msg").asString()).isEqualTo("request params[pageSize] min(1).");
    }

    @Test
    void theApiHasItsOwnOpenApiGroup() {
        JsonNode paths = api.get("/v3/api-docs/data", null).json().path("paths");
        assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/api/datasets", "/api/datasets/{namespace}/{name}",
                "/api/datasets/{namespace}/{name}/data");
    }

    private Api.Response load(String token, String namespace, String name, String csv, String query) {
        return api.send(HttpRequest.newBuilder(URI.create(base() + "/api/datasets/" + namespace + "/" + name + query))
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)), token,
                Map.of("Content-Type", "text/csv"));
    }

    private HttpResponse<String> download(String token, String namespace, String name) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/datasets/" + namespace + "/" + name + "/data"))
                .header("token", token).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Stream<String> namesStream(String token, String namespace) {
        return api.get("/api/datasets?namespace=" + namespace, token).data().path("datasetList").valueStream()
                .map(d -> d.path("name").asString());
    }

    private List<String> names(String token, String namespace) {
        return namesStream(token, namespace).toList();
    }

    private void assertNothingLeft(TestUser user, String namespace, String name) throws IOException {
        assertThat(api.get("/api/datasets/" + namespace + "/" + name, user.token()).status()).isEqualTo(404);
        assertThat(node.dataDir().resolve("storage").resolve(namespace).resolve(name)).doesNotExist();
        assertNothingStaged();
    }

    private void assertNothingStaged() {
        try (Stream<Path> staged = Files.list(node.dataDir().resolve("storage").resolve(".incoming"))) {
            assertThat(staged).as("no staged file is left").isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String namespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
