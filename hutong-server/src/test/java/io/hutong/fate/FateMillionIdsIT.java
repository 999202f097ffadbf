package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One million ids through upload → query → download, every body generated or consumed as a stream
 * on this side too (chunked requests, line-by-line reading), as FATE's ApiReader does at scale.
 */
class FateMillionIdsIT extends NodeIT {

    private static final int IDS = 1_000_000;
    private static final String BOUNDARY = FateFeatureServiceIT.BOUNDARY;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aMillionIdsJoinAndStreamBackInUploadOrder() throws Exception {
        String dataset = "big_" + UUID.randomUUID().toString().substring(0, 8);
        // the dataset holds ids 0 … 999,999; the upload asks for the even ids 0 … 1,999,998, half of them known
        HttpResponse<String> loaded = http.send(HttpRequest.newBuilder(URI.create(base() + "/admin/fate/datasets/"
                        + dataset + "/versions/v1")).header("token", ADMIN_TOKEN).header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedLines("id,x0,x1\n", IDS,
                        i -> i + "," + (i % 97) + "," + (i * 0.5) + "\n", ""))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Api.JSON.readTree(loaded.body()).path("data").path("rowCount").asLong()).as(loaded.body()).isEqualTo(IDS);

        String requestBody = FateFeatureServiceIT.requestBody(dataset, "v1", "202601010900000000001");
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/fate/upload?requestBody="
                        + URLEncoder.encode(requestBody, StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedLines("--" + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\nid\n", IDS, i -> (2 * i) + "\n",
                        "\r\n--" + BOUNDARY + "--\r\n"))).build(), HttpResponse.BodyHandlers.ofString());
        String jobId = Api.JSON.readTree(uploaded.body()).path("data").path("jobId").asString();
        assertThat(jobId).as(uploaded.body()).isNotBlank();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> !api.post(
                "/api/fate/query", null, "{\"jobId\": \"" + jobId + "\"}").json().path("data").path("status")
                .asString().equals("running"));
        Api.Response status = api.post("/api/fate/query", null, "{\"jobId\": \"" + jobId + "\"}");
        assertThat(status.json().path("data").path("status").asString()).as(status.text()).isEqualTo("success");
        assertThat(status.json().path("data").path("idCount").asLong()).isEqualTo(IDS);
        assertThat(status.json().path("data").path("rowCount").asLong()).isEqualTo(IDS / 2);

        String downloadBody = "{\"jobId\": \"" + jobId + "\", \"sign\": \"" + FateFeatureServiceIT.md5(jobId) + "\"}";
        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/fate/download?requestBody=" + URLEncoder.encode(downloadBody, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        long rows = 0;
        String firstWrong = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(download.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("id,x0,x1");
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long id = 2 * rows;
                if (firstWrong == null && !line.equals(id + "," + (id % 97) + "," + (id * 0.5))) {
                    firstWrong = "row " + rows + ": " + line;
                }
                rows++;
            }
        }
        assertThat(firstWrong).isNull();
        assertThat(rows).isEqualTo(IDS / 2);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
