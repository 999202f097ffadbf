package io.hutong.node;

import io.hutong.core.HttpClients;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.web.TraceIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls other nodes' east-west APIs with the BFIA headers, signed by the {@link RequestSigner}.
 * A peer's answer counts as success with code 0 or 200 (Kuscia); its error message is read from
 * {@code msg} or {@code message}.
 */
@Component
public class EastWest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final LocalNode local;
    private final Peers peers;
    private final JsonMapper json;
    private final Clock clock;
    private final RequestSigner signer;
    private final HttpClient http;

    EastWest(LocalNode local, Peers peers, JsonMapper json, Clock clock, ObjectProvider<RequestSigner> signer,
            ObjectProvider<SslBundles> sslBundles, @Value("${hutong.trust.ssl-bundle:}") String sslBundle) {
        this.local = local;
        this.peers = peers;
        this.json = json;
        this.clock = clock;
        this.signer = signer.getIfUnique(() -> call -> { });
        HttpClient.Builder http = HttpClients.blocking(Duration.ofSeconds(3));
        if (!sslBundle.isBlank()) {
            // trust store for https peers, and the key store's certificate when peers ask for a client certificate
            http.sslContext(sslBundles.getObject().getBundle(sslBundle).createSslContext());
        }
        this.http = http.build();
    }

    /** POSTs a JSON body; returns the answer's {@code data}. */
    public JsonNode post(String targetNode, String path, Object body) {
        return send(targetNode, null, "POST", path, "", json.writeValueAsBytes(body));
    }

    /** POSTs a body that is already JSON, byte for byte as given (an outbox message of job {@code jobId}). */
    public JsonNode postJson(String targetNode, String jobId, String path, String jsonBody) {
        return send(targetNode, jobId, "POST", path, "", jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    /** GETs with a query string (without {@code ?}); returns the answer's {@code data}. */
    public JsonNode get(String targetNode, String path, String query) {
        return send(targetNode, null, "GET", path, query, new byte[0]);
    }

    private JsonNode send(String targetNode, String jobId, String method, String path, String query, byte[] body) {
        Peer peer = peers.find(targetNode).orElseThrow(
                () -> new PeerException(targetNode, false, 0, "node " + targetNode + " is not a known peer", null));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BfiaHeaders.SOURCE_NODE_ID, local.id());
        headers.put(BfiaHeaders.TARGET_NODE_ID, targetNode);
        headers.put(BfiaHeaders.NONCE, UUID.randomUUID().toString());
        headers.put(BfiaHeaders.TIMESTAMP, Long.toString(clock.millis()));
        headers.put(BfiaHeaders.TRACE_ID, TraceIds.current());
        if (method.equals("POST")) {
            headers.put(BfiaHeaders.CSRF_PROTECTION, "1");
        }
        signer.sign(new OutgoingCall(targetNode, jobId, method, path, query, headers, body));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(peer.baseUrl() + path
                + (query.isEmpty() ? "" : "?" + query))).timeout(TIMEOUT);
        headers.forEach(request::header);
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.GET();
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PeerException(targetNode, false, 0, "node " + targetNode + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(targetNode, false, 0, "interrupted calling " + targetNode, e);
        }
        return answer(targetNode, path, response);
    }

    private JsonNode answer(String targetNode, String path, HttpResponse<byte[]> response) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new PeerException(targetNode, true, response.statusCode(), path + " on " + targetNode
                    + " answered HTTP " + response.statusCode() + " without JSON: "
                    + new String(response.body(), StandardCharsets.UTF_8), e);
        }
        int code = body.path("code").asInt(response.statusCode() == 200 ? 0 : response.statusCode());
        if (response.statusCode() / 100 == 2 && (code == 0 || code == 200)) {
            return body.path("data");
        }
        String message = body.path("msg").isMissingNode() ? body.path("message").asString("")
                : body.path("msg").asString("");
        throw new PeerException(targetNode, true, code == 0 ? response.statusCode() : code,
                path + " on " + targetNode + " failed: " + message, null);
    }
}
