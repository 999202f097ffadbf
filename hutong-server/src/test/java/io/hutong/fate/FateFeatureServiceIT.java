package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** upload, query and download as FATE's ApiReader (1.11.1 and 1.11.2) calls them. */
class FateFeatureServiceIT extends NodeIT {

    private static final String CREDIT_V1 = """
            id,age,income,city
            1,34,5200.5,北京
            2,41,8000,"Shanghai"
            3,29,,Hangzhou
            5,52,12000,深圳
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void fate1112UploadsIdsWithAHeaderLineAndDownloadsTheJoinedFeatures() throws Exception {
        String dataset = loadDataset(CREDIT_V1);
        String fateJobId = "202601010800000000" + (int) (Math.random() * 1000);
        String body = multipart("id", "id\n5\n1\n999\n3\n");
        Api.Response upload = upload(requestBody(dataset, "v1", fateJobId), "multipart/form-data; boundary=" + BOUNDARY, body);
        assertThat(upload.status()).isEqualTo(200);
        assertThat(upload.json().path("code").isInt()).isTrue();
        assertThat(upload.json().path("code").asInt()).as(upload.text()).isZero();
        assertThat(upload.json().path("msg").asString()).isEqualTo("success");
        String jobId = upload.json().path("data").path("jobId").asString();
        assertThat(jobId).isNotBlank();

        JsonNode done = awaitSuccess(jobId);
        assertThat(done.path("code").asInt()).isZero();
        assertThat(done.path("status").asString()).isEqualTo("success");
        assertThat(done.path("data").path("idCount").asLong()).isEqualTo(4);
        assertThat(done.path("data").path("rowCount").asLong()).isEqualTo(3);

        HttpResponse<String> download = download(jobId, md5(jobId));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.body()).isEqualTo("""
                id,age,income,city
                5,52,12000,深圳
                1,34,5200.5,北京
                3,29,,Hangzhou
                """);
        assertThat(api.get("/admin/fate/jobs?limit=5", ADMIN_TOKEN).data().valueStream()
                .anyMatch(job -> job.path("jobId").asString().equals(jobId)
                        && job.path("fateJobId").asString().equals(fateJobId))).isTrue();
    }

    @Test
    void fate1111UploadsAFullPathAndIdsOnly() throws Exception {
        String dataset = loadDataset(CREDIT_V1);
        String body = multipart("/data/projects/fate/fateflow/temp/202601010800000000002/api_reader_0/0/id", "2\n3\n");
        Api.Response upload = upload(requestBody(dataset, "v1", "202601010800000000002"),
                "multipart/form-data; boundary=" + BOUNDARY, body);
        String jobId = upload.json().path("data").path("jobId").asString();
        awaitSuccess(jobId);
        assertThat(download(jobId, md5(jobId)).body()).isEqualTo("""
                id,age,income,city
                2,41,8000,Shanghai
                3,29,,Hangzhou
                """);
    }

    @Test
    void theDocumentsOctetStreamFormAndTheNewestVersionWhenNoneIsNamed() throws Exception {
        String dataset = loadDataset(CREDIT_V1);
        Api.Response v2 = loadVersion(dataset, "v2", "city,uid,score\n东京,7,0.9\nParis,1,0.25\n", "uid");
        assertThat(v2.data().path("columns").toString()).isEqualTo("[\"city\",\"score\"]");
        String params = "{\"stat_month\": \"202201\", \"dataset\": \"" + dataset + "\", \"job_id\": \"j3\", \"sign\": \""
                + md5("j3") + "\"}";
        Api.Response upload = upload(params, "application/octet-stream", multipart("id", "uid\n1\n7\n"));
        assertThat(upload.json().path("code").asInt()).as(upload.text()).isZero();
        String jobId = upload.json().path("data").path("jobId").asString();
        awaitSuccess(jobId);
        assertThat(download(jobId, md5(jobId)).body()).isEqualTo("uid,city,score\n1,Paris,0.25\n7,东京,0.9\n");
    }

    @Test
    void headFalseReadsTheFirstLineAsAnId() throws Exception {
        String dataset = loadDataset(CREDIT_V1);
        String params = "{\"dataset\": \"" + dataset + "\", \"head\": false, \"job_id\": \"j4\", \"sign\": \"" + md5("j4") + "\"}";
        String jobId = upload(params, "multipart/form-data; boundary=" + BOUNDARY, multipart("id", "1\r\n2\r\n"))
                .json().path("data").path("jobId").asString();
        awaitSuccess(jobId);
        assertThat(download(jobId, md5(jobId)).body()).isEqualTo("id,age,income,city\n1,34,5200.5,北京\n2,41,8000,Shanghai\n");
    }

    @Test
    void badUploadsAnswerFatesEnvelopeNamingTheField() throws Exception {
        String dataset = loadDataset(CREDIT_V1);
        String type = "multipart/form-data; boundary=" + BOUNDARY;
        Api.Response badSign = upload("{\"dataset\": \"" + dataset + "\", \"job_id\": \"j5\", \"sign\": \"" + md5("j6")
                + "\"}", type, multipart("id", "id\n1\n"));
        assertThat(badSign.status()).isEqualTo(200);
        assertThat(badSign.json().path("code").asInt()).isEqualTo(400);
        assertThat(badSign.json().path("msg").asString()).isEqualTo("request params[requestBody.sign] md5(job_id).");

        Api.Response noSign = upload("{\"dataset\": \"" + dataset + "\", \"job_id\": \"j5\"}", type, multipart("id", "1\n"));
        assertThat(noSign.json().path("msg").asString()).isEqualTo("request params[requestBody.sign] notBlank.");

        Api.Response unknown = upload(requestBody("nope" + dataset, null, "j7"), type, multipart("id", "1\n"));
        assertThat(unknown.json().path("code").asInt()).isEqualTo(404);
        assertThat(unknown.json().path("msg").asString()).isEqualTo("no dataset nope" + dataset + " on this node");

        Api.Response noVersion = upload(requestBody(dataset, "v9", "j8"), type, multipart("id", "1\n"));
        assertThat(noVersion.json().path("msg").asString()).isEqualTo("dataset " + dataset + " has no version v9");

        Api.Response noBody = api.send(HttpRequest.newBuilder(URI.create(base() + "/api/fate/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(multipart("id", "1\n"))), null, Map.of("Content-Type", type));
        assertThat(noBody.json().path("msg").asString()).isEqualTo("request params[requestBody] notBlank.");

        Api.Response noFile = upload(requestBody(dataset, "v1", "j9"), type, "--" + BOUNDARY + "\r\nContent-Disposition: "
                + "form-data; name=\"other\"\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n");
        assertThat(noFile.json().path("msg").asString()).isEqualTo("request params[file] notNull (a multipart part named file).");
    }

    @Test
    void queryAndDownloadOfUnknownOrUnsignedJobs() throws Exception {
        Api.Response unknown = api.post("/api/fate/query", null, "{\"jobId\": \"nope\"}");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().path("code").asInt()).isEqualTo(404);
        assertThat(unknown.json().path("status").asString()).isEqualTo("failed");
        assertThat(unknown.json().path("data").path("status").asString()).as("FATE reads data.status").isEqualTo("failed");

        String dataset = loadDataset(CREDIT_V1);
        String jobId = upload(requestBody(dataset, "v1", "j10"), "multipart/form-data; boundary=" + BOUNDARY,
                multipart("id", "id\n1\n")).json().path("data").path("jobId").asString();
        awaitSuccess(jobId);
        HttpResponse<String> wrongSign = download(jobId, md5("other"));
        assertThat(wrongSign.statusCode()).as("FATE would store a 200 answer as features").isEqualTo(400);
        JsonNode error = Api.JSON.readTree(wrongSign.body());
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("msg").asString()).isEqualTo("request params[requestBody.sign] md5(jobId).");
        assertThat(download("nope", md5("nope")).statusCode()).isEqualTo(404);
    }

    @Test
    void aDatasetVersionLoadsCompletelyOrNotAtAll() {
        String dataset = "ds" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response duplicate = loadVersion(dataset, "v1", "id,x\n1,a\n2,b\n1,c\n", null);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().path("msg").asString())
                .isEqualTo("request params[csv] uniqueIds (id 1 appears more than once).");
        Api.Response comma = loadVersion(dataset, "v1", "id,x\n1,a\n\n2,\"b,c\"\n", null);
        assertThat(comma.json().path("msg").asString()).isEqualTo("request params[csv] values (line 4, column 2 holds "
                + "',' or a line break, which FATE cannot read back).");
        Api.Response ragged = loadVersion(dataset, "v1", "id,x\n1,a\n2\n", null);
        assertThat(ragged.json().path("msg").asString())
                .isEqualTo("request params[csv] columns (line 3 has 1 values, the header 2).");
        Api.Response noIdColumn = loadVersion(dataset, "v1", "id,x\n1,a\n", "uid");
        assertThat(noIdColumn.json().path("msg").asString()).isEqualTo("request params[idColumn] oneOf(id,x).");
        assertThat(api.get("/admin/fate/datasets", ADMIN_TOKEN).data().valueStream()
                .noneMatch(v -> v.path("dataset").asString().equals(dataset))).as("nothing half-written").isTrue();

        Api.Response ok = loadVersion(dataset, "v1", "\uFEFFid,x\n1,a\n", null);
        assertThat(ok.code()).as(ok.text()).isEqualTo("General.Success");
        assertThat(ok.data().path("rowCount").asLong()).isEqualTo(1);
        assertThat(ok.data().path("idColumn").asString()).isEqualTo("id");
        Api.Response again = loadVersion(dataset, "v1", "id,x\n2,b\n", null);
        assertThat(again.json().path("msg").asString())
                .isEqualTo("request params[version] unique (" + dataset + " already has version v1).");
        Api.Response form = api.send(HttpRequest.newBuilder(URI.create(base() + "/admin/fate/datasets/" + dataset
                + "/versions/v2")).POST(HttpRequest.BodyPublishers.ofString("id,x\n")), ADMIN_TOKEN,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.json().path("msg").asString()).contains("Content-Type").contains("text/csv");
        assertThat(api.delete("/admin/fate/datasets/" + dataset + "/versions/v1", ADMIN_TOKEN).code())
                .isEqualTo("General.Success");
    }

    static final String BOUNDARY = "9f3ae4c1b0d24d4bb3a8c2e0f1d7a6b5";

    /** The body requests_toolbelt's MultipartEncoder writes for fields={'file': (filename, f, 'application/octet-stream')}. */
    static String multipart(String filename, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + BOUNDARY + "--\r\n";
    }

    /** json.dumps of the ApiReader parameters plus job_id and sign, as FATE 1.11 builds requestBody. */
    static String requestBody(String dataset, String version, String fateJobId) {
        return "{\"dataset\": \"" + dataset + "\"" + (version == null ? "" : ", \"version\": \"" + version + "\"")
                + ", \"job_id\": \"" + fateJobId + "\", \"sign\": \"" + md5(fateJobId) + "\"}";
    }

    private Api.Response upload(String requestBody, String contentType, String body) {
        // requests encodes params like urllib's quote_plus
        return api.send(HttpRequest.newBuilder(URI.create(base() + "/api/fate/upload?requestBody="
                        + URLEncoder.encode(requestBody, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), null,
                Map.of("Content-Type", contentType));
    }

    private JsonNode awaitSuccess(String jobId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = api.post("/api/fate/query", null, "{\"jobId\": \"" + jobId + "\"}").json();
            return !last[0].path("data").path("status").asString().equals("running");
        });
        assertThat(last[0].path("data").path("status").asString()).as(last[0].toString()).isEqualTo("success");
        return last[0];
    }

    private HttpResponse<String> download(String jobId, String sign) throws Exception {
        String requestBody = "{\"jobId\": \"" + jobId + "\", \"sign\": \"" + sign + "\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/fate/download?requestBody="
                + URLEncoder.encode(requestBody, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String loadDataset(String csv) {
        String dataset = "credit_" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response loaded = loadVersion(dataset, "v1", csv, null);
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
        return dataset;
    }

    private Api.Response loadVersion(String dataset, String version, String csv, String idColumn) {
        return api.send(HttpRequest.newBuilder(URI.create(base() + "/admin/fate/datasets/" + dataset + "/versions/"
                        + version + (idColumn == null ? "" : "?idColumn=" + idColumn)))
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)), ADMIN_TOKEN,
                Map.of("Content-Type", "text/csv"));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
