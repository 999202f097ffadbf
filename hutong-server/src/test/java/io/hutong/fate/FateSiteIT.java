package io.hutong.fate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hutong.support.Api;
import io.hutong.support.ExternalTools;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** signature, site_authentication and the party keys, with the bytes FATE Flow 1.11 sends. */
class FateSiteIT extends NodeIT {

    /** What FATE's api hook posts: requests' json= of {…registered data, party_id, body}. */
    private static final String SIGNATURE_REQUEST = "{\"registered\": \"data\", \"party_id\": 9999, \"body\": "
            + "{\"job_id\": \"202601010800000000001\", \"src_role\": \"guest\", \"dest_party_id\": 10000, "
            + "\"conf\": {\"lr\": 0.1, \"eps\": 1e-05, \"big\": 12345678901234567890, \"name\": \"\\u6a21\\u578b\", "
            + "\"empty\": {}, \"list\": [1.0, -0.0, null, true]}}}";
    /** Python's json.dumps of that body: what FATE signs and verifies. */
    private static final String SIGNED_BYTES = "{\"job_id\": \"202601010800000000001\", \"src_role\": \"guest\", "
            + "\"dest_party_id\": 10000, \"conf\": {\"lr\": 0.1, \"eps\": 1e-05, \"big\": 12345678901234567890, "
            + "\"name\": \"\\u6a21\\u578b\", \"empty\": {}, \"list\": [1.0, -0.0, null, true]}}";
    /** The body inside FATE's site_authentication request: requests writes it as json.dumps does. */
    private static final String BODY_ON_THE_WIRE = SIGNED_BYTES;
    /** The same body as another client might write it: compact, raw UTF-8, other number spellings. */
    private static final String SAME_BODY_OTHER_SPELLING = "{\"job_id\":\"202601010800000000001\",\"src_role\":\"guest\","
            + "\"dest_party_id\":10000,\"conf\":{\"lr\":1e-1,\"eps\":0.00001,\"big\":12345678901234567890,"
            + "\"name\":\"模型\",\"empty\":{},\"list\":[1E0,-0.0,null,true]}}";

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void theConfiguredPartyGetsAKeyPairAtStartWhosePrivateKeyIsEncryptedAtRest() {
        Api.Response key = api.get("/admin/fate/keys/" + FATE_PARTY_ID, ADMIN_TOKEN);
        assertThat(key.code()).as(key.text()).isEqualTo("General.Success");
        assertThat(key.data().path("hasPrivateKey").asBoolean()).isTrue();
        assertThat(key.data().path("algorithm").asString()).isEqualTo("SHA256withRSA");
        assertThat(key.data().path("publicKey").asString()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(key.data().has("privateKey")).isFalse();
        byte[] stored = jdbc.sql("select private_key_enc from fate_party_key where party_id = ?").param(FATE_PARTY_ID)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        assertThat(stored[0]).as("format version").isEqualTo((byte) 1);
    }

    @Test
    void servesPublicKeysAsPem() {
        Api.Response pem = api.get("/api/fate/public_key/" + FATE_PARTY_ID, null);
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.text()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        Api.Response missing = api.get("/api/fate/public_key/424242", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asInt()).isEqualTo(404);
    }

    @Test
    void signsJsonDumpsOfTheBodyAndAnswersWhatFateReads() throws Exception {
        Api.Response answer = api.post("/api/fate/signature", null, SIGNATURE_REQUEST);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("code").isInt()).as("an integer code, FATE compares with 0").isTrue();
        assertThat(json.path("code").asInt()).isZero();
        assertThat(json.path("msg").asString()).isEqualTo("success");
        assertThat(json.path("data").isString()).as("FATE puts data in a header").isTrue();
        assertThat(json.path("site_signature").asString()).isEqualTo(json.path("data").asString());
        assertThat(Base64.getDecoder().decode(json.path("data").asString())).hasSize(256);

        // the same body spelled differently is the same Python object, so the same signature
        Api.Response again = api.post("/api/fate/signature", null,
                "{\"party_id\":\"9999\",\"body\":" + SAME_BODY_OTHER_SPELLING + "}");
        assertThat(again.json().path("data").asString()).isEqualTo(json.path("data").asString());

        // site_authentication of this node accepts its own signature (empty src_party_id = own party)
        Api.Response verified = api.post("/api/fate/site_authentication", null, "{\"src_party_id\": \"\", "
                + "\"site_signature\": \"" + json.path("data").asString() + "\", \"body\": " + SAME_BODY_OTHER_SPELLING + "}");
        assertThat(verified.json().path("code").asInt()).as(verified.text()).isZero();
    }

    @Test
    void aHutongSignatureVerifiesWithOpenssl() throws Exception {
        assumeTrue(ExternalTools.available("openssl"), "openssl is not on the PATH");
        String signature = api.post("/api/fate/signature", null, SIGNATURE_REQUEST).json().path("data").asString();
        Path publicKey = write("9999.pub", api.get("/api/fate/public_key/9999", null).text().getBytes(StandardCharsets.US_ASCII));
        Path data = write("data", SIGNED_BYTES.getBytes(StandardCharsets.US_ASCII));
        Path sig = write("sig", Base64.getDecoder().decode(signature));
        assertThat(ExternalTools.ok("openssl", "dgst", "-sha256", "-verify", publicKey.toString(), "-signature",
                sig.toString(), data.toString())).contains("Verified OK");
        Path tampered = write("tampered", SIGNED_BYTES.replace("0.1", "0.2").getBytes(StandardCharsets.US_ASCII));
        assertThat(ExternalTools.run("openssl", "dgst", "-sha256", "-verify", publicKey.toString(), "-signature",
                sig.toString(), tampered.toString()).output()).contains("Verification failure");
    }

    @Test
    void anOpensslSignatureOverPythonBytesVerifiesAtSiteAuthentication() throws Exception {
        assumeTrue(ExternalTools.available("openssl"), "openssl is not on the PATH");
        // a FATE party with built-in site authentication: openssl stands in for its pycryptodome key
        Path privateKey = opensslKeyPair("10000");
        Path publicKey = dir.resolve("10000.pub");
        Api.Response imported = putKey("10000", Map.of("publicKey", Files.readString(publicKey)));
        assertThat(imported.code()).as(imported.text()).isEqualTo("General.Success");
        assertThat(imported.data().path("hasPrivateKey").asBoolean()).isFalse();

        String signature = opensslSign("-sha256", privateKey, SIGNED_BYTES);
        Api.Response ok = siteAuthentication("10000", signature, BODY_ON_THE_WIRE);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("code").isInt()).isTrue();
        assertThat(ok.json().path("code").asInt()).as(ok.text()).isZero();
        assertThat(ok.json().path("msg").asString()).isEqualTo("success");
        // src_party_id as a JSON number is the same party
        assertThat(api.post("/api/fate/site_authentication", null, "{\"src_party_id\": 10000, \"site_signature\": \""
                + signature + "\", \"body\": " + BODY_ON_THE_WIRE + "}").json().path("code").asInt()).isZero();

        Api.Response tampered = siteAuthentication("10000", signature, BODY_ON_THE_WIRE.replace("0.1", "0.2"));
        assertThat(tampered.status()).as("FATE reads the code of a 200 answer").isEqualTo(200);
        assertThat(tampered.json().path("code").asInt()).isEqualTo(401);
        assertThat(tampered.json().path("msg").asString())
                .isEqualTo("site_signature does not verify with the SHA256withRSA public key of party 10000");

        Api.Response unknown = siteAuthentication("10002", signature, BODY_ON_THE_WIRE);
        assertThat(unknown.json().path("code").asInt()).isEqualTo(401);
        assertThat(unknown.json().path("msg").asString()).isEqualTo("no public key of party 10002 on this node");

        Api.Response unsigned = api.post("/api/fate/site_authentication", null,
                "{\"src_party_id\": \"10000\", \"site_signature\": null, \"body\": null}");
        assertThat(unsigned.json().path("code").asInt()).isEqualTo(401);
        assertThat(unsigned.json().path("msg").asString()).isEqualTo("site_signature is missing");

        // a request without a body: FATE signs json.dumps(None) = "null"
        String nullSignature = opensslSign("-sha256", privateKey, "null");
        assertThat(siteAuthentication("10000", nullSignature, "null").json().path("code").asInt()).isZero();
    }

    @Test
    void md5WithRsaIsSelectablePerPartyForFate19And110() throws Exception {
        assumeTrue(ExternalTools.available("openssl"), "openssl is not on the PATH");
        Path privateKey = opensslKeyPair("10001");
        Path publicKey = dir.resolve("10001.pub");
        assertThat(putKey("10001", Map.of("publicKey", Files.readString(publicKey), "algorithm", "MD5withRSA"))
                .data().path("algorithm").asString()).isEqualTo("MD5withRSA");
        String md5 = opensslSign("-md5", privateKey, SIGNED_BYTES);
        assertThat(siteAuthentication("10001", md5, BODY_ON_THE_WIRE).json().path("code").asInt()).isZero();
        String sha256 = opensslSign("-sha256", privateKey, SIGNED_BYTES);
        assertThat(siteAuthentication("10001", sha256, BODY_ON_THE_WIRE).json().path("code").asInt())
                .isEqualTo(401);
        // switching the algorithm alone keeps the key
        assertThat(putKey("10001", Map.of("algorithm", "SHA256withRSA")).data().path("algorithm").asString())
                .isEqualTo("SHA256withRSA");
        assertThat(siteAuthentication("10001", sha256, BODY_ON_THE_WIRE).json().path("code").asInt()).isZero();
    }

    @Test
    void anImportedPkcs1PrivateKeySignsForItsParty() throws Exception {
        assumeTrue(ExternalTools.available("openssl"), "openssl is not on the PATH");
        Path privateKey = opensslKeyPair("9998");
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Api.Response imported = putKey("9998", Map.of("privateKey", Files.readString(privateKey)));
        assertThat(imported.code()).as(imported.text()).isEqualTo("General.Success");
        assertThat(imported.data().path("hasPrivateKey").asBoolean()).isTrue();

        String signature = api.post("/api/fate/signature", null, "{\"party_id\": \"9998\", \"body\": "
                + BODY_ON_THE_WIRE + "}").json().path("data").asString();
        Path publicKey = dir.resolve("9998.pub");
        assertThat(Files.readString(publicKey)).isEqualTo(api.get("/api/fate/public_key/9998", null).text());
        assertThat(ExternalTools.ok("openssl", "dgst", "-sha256", "-verify", publicKey.toString(), "-signature",
                write("sig9998", Base64.getDecoder().decode(signature)).toString(),
                write("data9998", SIGNED_BYTES.getBytes(StandardCharsets.US_ASCII)).toString())).contains("Verified OK");
    }

    @Test
    void badKeysAndRequestsAreRefusedNamingTheField() {
        Api.Response notPem = putKey("10003", Map.of("publicKey", "not a key"));
        assertThat(notPem.status()).isEqualTo(400);
        assertThat(notPem.json().path("msg").asString()).isEqualTo("request params[publicKey] pem.");
        Api.Response badAlgorithm = putKey("10003", Map.of("algorithm", "SHA1withRSA"));
        assertThat(badAlgorithm.json().path("msg").asString())
                .isEqualTo("request params[algorithm] oneOf(SHA256withRSA,MD5withRSA).");

        Api.Response noParty = api.post("/api/fate/signature", null, "{\"party_id\": \"31337\", \"body\": null}");
        assertThat(noParty.status()).isEqualTo(200);
        assertThat(noParty.json().path("code").asInt()).isEqualTo(404);
        assertThat(noParty.json().path("msg").asString()).isEqualTo("party 31337 has no private key on this node");
        Api.Response notJson = api.post("/api/fate/signature", null, "{\"party_id\": ");
        assertThat(notJson.json().path("code").asInt()).isEqualTo(400);
        assertThat(notJson.json().path("msg").asString()).isEqualTo("request params[body] json.");
        Api.Response floatParty = api.post("/api/fate/signature", null, "{\"party_id\": 9999.5, \"body\": null}");
        assertThat(floatParty.json().path("msg").asString()).isEqualTo("request params[party_id] type(string|integer).");
    }

    private Api.Response siteAuthentication(String party, String signature, String body) {
        // registered data comes first, FATE's own keys after it
        return api.post("/api/fate/site_authentication", null, "{\"app_id\": \"hutong\", \"src_party_id\": \"" + party
                + "\", \"site_signature\": \"" + signature + "\", \"body\": " + body + "}");
    }

    private Api.Response putKey(String party, Map<String, String> body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/fate/keys/" + party))
                        .PUT(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))),
                ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
    }

    /** A party's key pair as FATE keeps it: PKCS#1 private key {@code <party>.pem}, public key {@code <party>.pub}. */
    private Path opensslKeyPair(String party) {
        Path privateKey = dir.resolve(party + ".pem");
        ExternalTools.ok("openssl", "genrsa", "-traditional", "-out", privateKey.toString(), "2048");
        ExternalTools.ok("openssl", "rsa", "-in", privateKey.toString(), "-pubout", "-out",
                dir.resolve(party + ".pub").toString());
        return privateKey;
    }

    private String opensslSign(String digest, Path privateKey, String bytes) throws Exception {
        Path data = write("to-sign-" + System.nanoTime(), bytes.getBytes(StandardCharsets.US_ASCII));
        Path sig = dir.resolve("sig-" + System.nanoTime());
        ExternalTools.ok("openssl", "dgst", digest, "-sign", privateKey.toString(), "-out", sig.toString(), data.toString());
        return Base64.getEncoder().encodeToString(Files.readAllBytes(sig));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
