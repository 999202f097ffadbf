package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hutong.support.Api;
import io.hutong.support.ExternalTools;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client_authentication: FATE's HMAC-SHA1 scheme with app keys of the admin API. */
class FateClientAuthenticationIT extends NodeIT {

    private static final String SECRET = "s3cr3t-for-fate-client-0123456789";
    private static final String BODY = "{\"job_runtime_conf\": {\"initiator\": {\"role\": \"guest\", \"party_id\": 9999}}, "
            + "\"job_dsl\": {\"components\": {}}}";

    private String appKey;

    @BeforeEach
    void app() {
        appKey = "fate-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/admin/fate/apps", ADMIN_TOKEN,
                Map.of("appKey", appKey, "appSecret", SECRET, "name", "FATE client of the guest"));
        assertThat(created.code()).as(created.text()).isEqualTo("General.Success");
        assertThat(created.data().path("appSecret").asString()).isEqualTo(SECRET);
    }

    @Test
    void acceptsTheRequestFateFlowBuildsForAJsonCall() {
        String timestamp = now();
        String nonce = UUID.randomUUID().toString();
        String signature = hmac(timestamp, nonce, appKey, "/v1/job/submit", BODY, "");
        Api.Response answer = api.post("/api/fate/client_authentication", null, fateRequest("/v1/job/submit?",
                headers(timestamp, nonce, signature), "{}", BODY, BODY));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("code").isInt()).isTrue();
        assertThat(answer.json().path("code").asInt()).as(answer.text()).isZero();
        assertThat(answer.json().path("msg").asString()).isEqualTo("success");

        Api.Response replay = api.post("/api/fate/client_authentication", null, fateRequest("/v1/job/submit?",
                headers(timestamp, nonce, signature), "{}", BODY, BODY));
        assertThat(replay.json().path("code").asInt()).isEqualTo(401);
        assertThat(replay.json().path("msg").asString())
                .isEqualTo("client authentication failed: NONCE was already used: a request is accepted once");
    }

    @Test
    void withoutRawDataTheJsonIsSignedAsPythonSerialisedIt() {
        String timestamp = now();
        String nonce = UUID.randomUUID().toString();
        String signature = hmac(timestamp, nonce, appKey, "/v1/job/submit", BODY, "");
        Api.Response answer = api.post("/api/fate/client_authentication", null,
                "{\"full_path\": \"/v1/job/submit?\", \"headers\": " + headers(timestamp, nonce, signature)
                        + ", \"form\": {}, \"json\": {\"job_runtime_conf\":{\"initiator\":{\"role\":\"guest\","
                        + "\"party_id\":9999}},\"job_dsl\":{\"components\":{}}}}");
        assertThat(answer.json().path("code").asInt()).as(answer.text()).isZero();
    }

    @Test
    void acceptsTheDocumentsFormWithHeadersAsTextAndASortedUrlencodedForm() {
        String timestamp = now();
        String nonce = UUID.randomUUID().toString();
        String path = "/v1/data/upload?table_name=breast_hetero_guest&namespace=experiment";
        String form = "drop=0&file=%2Fdata%2Fbreast%20hetero.csv&head=1&namespace=%E5%AE%9E%E9%AA%8C";
        String signature = hmac(timestamp, nonce, appKey, path, "", form);
        String headers = "Content-Type: application/x-www-form-urlencoded\\nTIMESTAMP: " + timestamp + "\\nNONCE: "
                + nonce + "\\nApp-Key: " + appKey + "\\nSignature: " + signature;
        Api.Response answer = api.post("/api/fate/client_authentication", null, "{\"full_path\": \"" + path
                + "\", \"headers\": \"" + headers + "\", \"form\": {\"namespace\": \"实验\", \"head\": 1, "
                + "\"file\": \"/data/breast hetero.csv\", \"drop\": [\"0\"]}}");
        assertThat(answer.json().path("code").asInt()).as(answer.text()).isZero();
    }

    @Test
    void refusesStaleWrongOrIncompleteRequestsWithTheReason() {
        String nonce = UUID.randomUUID().toString();
        String stale = Long.toString(TestClockConfiguration.CLOCK.millis() - 61_000);
        Api.Response old = api.post("/api/fate/client_authentication", null, fateRequest("/v1/job/submit?",
                headers(stale, nonce, hmac(stale, nonce, appKey, "/v1/job/submit", BODY, "")), "{}", BODY, BODY));
        assertThat(old.json().path("code").asInt()).isEqualTo(401);
        assertThat(old.json().path("msg").asString()).isEqualTo(
                "client authentication failed: TIMESTAMP is more than 60 seconds away from the server time");

        String timestamp = now();
        Api.Response wrong = api.post("/api/fate/client_authentication", null, fateRequest("/v1/job/stop?",
                headers(timestamp, nonce, hmac(timestamp, nonce, appKey, "/v1/job/submit", BODY, "")), "{}", BODY, BODY));
        assertThat(wrong.json().path("code").asInt()).isEqualTo(401);
        assertThat(wrong.json().path("msg").asString()).startsWith("client authentication failed: SIGNATURE does not match");

        Api.Response missing = api.post("/api/fate/client_authentication", null,
                "{\"full_path\": \"/v1/job/submit?\", \"headers\": {\"TIMESTAMP\": \"" + timestamp + "\"}}");
        assertThat(missing.json().path("msg").asString())
                .isEqualTo("client authentication failed: headers NONCE, APP_KEY, SIGNATURE are required");

        Api.Response unknown = api.post("/api/fate/client_authentication", null, "{\"full_path\": \"/v1/job/submit?\", "
                + "\"headers\": {\"TIMESTAMP\": \"" + timestamp + "\", \"NONCE\": \"n\", \"APP_KEY\": \"nobody\", "
                + "\"SIGNATURE\": \"x\"}}");
        assertThat(unknown.json().path("msg").asString()).isEqualTo("client authentication failed: unknown APP_KEY nobody");

        Api.Response noPath = api.post("/api/fate/client_authentication", null, "{\"headers\": {}}");
        assertThat(noPath.status()).isEqualTo(200);
        assertThat(noPath.json().path("code").asInt()).isEqualTo(400);
        assertThat(noPath.json().path("msg").asString()).isEqualTo("request params[full_path] notBlank.");
    }

    @Test
    void aDeletedAppIsRefusedAtOnceAndSecretsAreNeverListed() {
        var listed = api.get("/admin/fate/apps", ADMIN_TOKEN).data();
        assertThat(listed.valueStream().anyMatch(app -> app.path("appKey").asString().equals(appKey))).isTrue();
        assertThat(listed.findValues("appSecret")).isEmpty();
        assertThat(api.delete("/admin/fate/apps/" + appKey, ADMIN_TOKEN).code()).isEqualTo("General.Success");
        String timestamp = now();
        String nonce = UUID.randomUUID().toString();
        Api.Response answer = api.post("/api/fate/client_authentication", null, fateRequest("/v1/job/submit?",
                headers(timestamp, nonce, hmac(timestamp, nonce, appKey, "/v1/job/submit", BODY, "")), "{}", BODY, BODY));
        assertThat(answer.json().path("code").asInt()).isEqualTo(401);
    }

    @Test
    void theSignatureIsTheOneFatesPythonCodeComputes() throws Exception {
        assumeTrue(ExternalTools.available("python3"), "python3 is not on the PATH");
        String timestamp = now();
        String nonce = UUID.randomUUID().toString();
        // FATE Flow's client: b64encode(HMAC(secret, b'\n'.join([...]), 'sha1').digest())
        String python = ExternalTools.ok("python3", "-c", """
                import sys
                from base64 import b64encode
                from hmac import HMAC
                from urllib.parse import quote, urlencode
                ts, nonce, key, secret = sys.argv[1:5]
                form = {'namespace': '实验', 'head': '1', 'file': '/data/breast hetero.csv', 'drop': '0'}
                print(b64encode(HMAC(secret.encode('ascii'), b'\\n'.join([ts.encode('ascii'), nonce.encode('ascii'),
                    key.encode('ascii'), '/v1/data/upload?x=1'.rstrip('?').encode('ascii'), b'',
                    urlencode(sorted(form.items()), quote_via=quote, safe='-._~').encode('ascii')]),
                    'sha1').digest()).decode('ascii'))
                """, timestamp, nonce, appKey, SECRET).strip();
        Api.Response answer = api.post("/api/fate/client_authentication", null, "{\"full_path\": \"/v1/data/upload?x=1\", "
                + "\"headers\": {\"TIMESTAMP\": \"" + timestamp + "\", \"NONCE\": \"" + nonce + "\", \"APP_KEY\": \""
                + appKey + "\", \"SIGNATURE\": \"" + python + "\"}, \"form\": {\"namespace\": \"实验\", \"head\": \"1\", "
                + "\"file\": \"/data/breast hetero.csv\", \"drop\": \"0\"}, \"data\": \"\", \"json\": null}");
        assertThat(answer.json().path("code").asInt()).as(answer.text()).isZero();
    }

    private static String now() {
        return Long.toString(TestClockConfiguration.CLOCK.millis());
    }

    private String headers(String timestamp, String nonce, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:9380");
        headers.put("Content-Type", "application/json");
        headers.put("TIMESTAMP", timestamp);
        headers.put("NONCE", nonce);
        headers.put("APP_KEY", appKey);
        headers.put("SIGNATURE", signature);
        return Api.JSON.writeValueAsString(headers);
    }

    /** FATE's intended client_authentication body: {full_path, headers, form, data, json}. */
    private static String fateRequest(String fullPath, String headers, String form, String data, String json) {
        return "{\"full_path\": \"" + fullPath + "\", \"headers\": " + headers + ", \"form\": " + form + ", \"data\": "
                + Api.JSON.writeValueAsString(data) + ", \"json\": " + json + "}";
    }

    /** FATE's SIGNATURE, computed independently of the node. */
    private static String hmac(String timestamp, String nonce, String appKey, String path, String body, String form) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
            String message = String.join("\n", timestamp, nonce, appKey, path, body, form);
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
