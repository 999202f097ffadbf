package io.hutong.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hutong.core.NodeProperties;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What other features do with datasets: locate a job's input, record the outputs a component wrote. */
class JobOutputsIT extends NodeIT {

    @Autowired
    Datasets datasets;

    @Autowired
    NodeProperties node;

    @Test
    void systemStorageIsTheFileUriOfTheStorageRoot() {
        Path root = node.dataDir().resolve("storage").toAbsolutePath().normalize();
        assertThat(datasets.systemStorage()).isEqualTo("file://" + root);
        assertThat(Path.of(URI.create(datasets.systemStorage()))).isEqualTo(root);
    }

    @Test
    void aJobReadsTheDatasetsItsCreatorMayRead() {
        TestUser alice = newUser();
        TestUser bob = newUser();
        String namespace = "space-" + UUID.randomUUID().toString().substring(0, 8);
        load(alice.token(), namespace, "guest_ids");
        load(ADMIN_TOKEN, namespace, "shared");
        DatasetId alices = DatasetId.parse("dataset_id", namespace + "#guest_ids");

        DatasetLocation location = datasets.locate(alices, alice.id()).orElseThrow();
        assertThat(location.storage()).isEqualTo(datasets.systemStorage());
        assertThat(location.dataset()).isEqualTo(new DatasetId(namespace, "guest_ids"));
        assertThat(datasets.locate(alices, bob.id())).as("another user's").isEmpty();
        assertThat(datasets.locate(new DatasetId(namespace, "shared"), bob.id())).as("the node's").isPresent();
        assertThat(datasets.locate(alices, null)).as("a job another node started").isPresent();
        assertThat(datasets.locate(new DatasetId(namespace, "missing"), null)).isEmpty();
    }

    @Test
    void aComponentsOutputIsRecordedForTheJobsCreatorAndDownloadable() throws Exception {
        TestUser alice = newUser();
        TestUser bob = newUser();
        String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");
        DatasetId where = new DatasetId(jobId + "-guest-0", "task_abc-train_data");
        String content = "id,x\n1,a\n3,c\n";
        write(where, content);
        JobOutput output = new JobOutput(jobId, "intersect_0", "guest", 0, "train_data");

        Dataset recorded = datasets.registerOutput(output, where, alice.id()).orElseThrow();
        assertThat(recorded.columns()).containsExactly("id", "x");
        assertThat(recorded.size()).isEqualTo(content.length());
        assertThat(recorded.ownerName()).isEqualTo(alice.name());
        assertThat(datasets.registerOutput(output, where, alice.id())).as("recorded again").isPresent();
        assertThat(datasets.outputsOf(jobId)).extracting(Dataset::id, Dataset::jobOutput, Dataset::rows)
                .containsExactly(tuple(where, output, 2L));

        JsonNode listed = api.get("/api/datasets?jobId=" + jobId, alice.token()).data();
        assertThat(listed.path("total").asLong()).isEqualTo(1);
        JsonNode row = listed.path("datasetList").get(0);
        assertThat(row.path("datasetId").asString()).isEqualTo(where.toString());
        assertThat(row.path("owner").asString()).isEqualTo(alice.name());
        assertThat(row.path("taskName").asString()).isEqualTo("intersect_0");
        assertThat(row.path("role").asString()).isEqualTo("guest");
        assertThat(row.path("roleIndex").asInt()).isZero();
        assertThat(row.path("outputKey").asString()).isEqualTo("train_data");
        assertThat(row.path("rows").asLong()).isEqualTo(2);
        assertThat(download(alice.token(), where).body()).isEqualTo(content);
        assertThat(api.get("/api/datasets?jobId=" + jobId, bob.token()).data().path("total").asLong()).isZero();
        assertThat(download(bob.token(), where).statusCode()).isEqualTo(404);
    }

    @Test
    void outputsOfJobsNoUserHereCreatedAreTheNodesAndAMissingFileIsNoOutput() throws Exception {
        TestUser bob = newUser();
        String jobId = "202601010800000000" + UUID.randomUUID().toString().substring(0, 4);
        DatasetId guest = new DatasetId(jobId + "-guest-0", "task_x-train_data");
        DatasetId host = new DatasetId(jobId + "-host-0", "task_x-train_data");
        write(host, "\uFEFFuid\r\n");
        assertThat(datasets.registerOutput(new JobOutput(jobId, "intersect_0", "guest", 0, "train_data"), guest, null))
                .as("result not due at this party").isEmpty();
        Dataset nodes = datasets.registerOutput(new JobOutput(jobId, "intersect_0", "host", 0, "train_data"), host,
                null).orElseThrow();
        assertThat(nodes.ownerId()).isNull();
        assertThat(nodes.columns()).containsExactly("uid");
        assertThat(nodes.rows()).isZero();
        assertThat(datasets.outputsOf(jobId)).extracting(Dataset::id).containsExactly(host);
        assertThat(api.get("/api/datasets/" + host.namespace() + "/" + host.name(), bob.token()).data()
                .path("scope").asString()).isEqualTo("node");
    }

    private void write(DatasetId id, String content) throws IOException {
        Path file = node.dataDir().resolve("storage").resolve(id.namespace()).resolve(id.name());
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void load(String token, String namespace, String name) {
        Api.Response loaded = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/datasets/"
                + namespace + "/" + name)).POST(HttpRequest.BodyPublishers.ofString("id\n1\n")), token,
                Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }

    private HttpResponse<String> download(String token, DatasetId id) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/datasets/" + id.namespace() + "/" + id.name() + "/data")).header("token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
