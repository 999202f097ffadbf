package io.hutong.node;

import io.hutong.core.UpstreamFailures;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.web.Echo;
import io.hutong.web.TraceIds;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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

    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
    private static final Timeout TIMEOUT = Timeout.ofSeconds(15);
    private static final ContentType JSON = ContentType.create("application/json");
    private static final ContentType OCTETS = ContentType.APPLICATION_OCTET_STREAM;

    private final LocalNode local;
    private final Peers peers;
    private final JsonMapper json;
    private final Clock clock;
    private final RequestSigner signer;
    private final CloseableHttpClient http;

    EastWest(LocalNode local, Peers peers, JsonMapper json, Clock clock, ObjectProvider<RequestSigner> signer,
            ObjectProvider<SslBundles> sslBundles, @Value("${hutong.trust.ssl-bundle:}") String sslBundle) {
        this.local = local;
        this.peers = peers;
        this.json = json;
        this.clock = clock;
        this.signer = signer.getIfUnique(() -> call -> { });
        // A blocking client: the calling thread writes the request and reads the answer itself. The
        // JDK's HttpClient hands every exchange to its selector thread and back, two thread wake-ups
        // per call that cost more CPU than the call on a small machine.
        var connections = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(256)
                .setMaxConnPerRoute(64)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT)
                        .setSocketTimeout(TIMEOUT).setValidateAfterInactivity(TimeValue.ofSeconds(2)).build());
        if (!sslBundle.isBlank()) {
            // trust store for https peers, and the key store's certificate when peers ask for a client certificate
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(
                    sslBundles.getObject().getBundle(sslBundle).createSslContext()));
        }
        this.http = HttpClients.custom().setConnectionManager(connections.build()).disableCookieManagement()
                .disableContentCompression().disableRedirectHandling().disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30)).build();
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
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

    /**
     * POSTs bytes as they are, with {@code extraHeaders} next to the BFIA ones, and returns the
     * answer as it came: for protocols whose answers are not the BFIA envelope (the transport
     * layer's). The signature covers the query and the body, not the extra headers.
     */
    public RawAnswer postBytes(String targetNode, String path, String query, Map<String, String> extraHeaders,
            byte[] body) {
        return exchange(targetNode, null, "POST", path, query, extraHeaders, body, OCTETS, RawAnswer::new);
    }

    /** An answer as it came: HTTP status and body. */
    public record RawAnswer(int status, byte[] body) {
    }

    private JsonNode send(String targetNode, String jobId, String method, String path, String query, byte[] body) {
        return exchange(targetNode, jobId, method, path, query, Map.of(), body, JSON,
                (status, answer) -> answer(targetNode, path, status, answer));
    }

    private interface Reader<T> {
        T read(int status, byte[] body);
    }

    private <T> T exchange(String targetNode, String jobId, String method, String path, String query,
            Map<String, String> extraHeaders, byte[] body, ContentType type, Reader<T> reader) {
        Peer peer = peers.find(targetNode).orElseThrow(
                () -> new PeerException(targetNode, false, 0, "node " + targetNode + " is not a known peer", null));
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(BfiaHeaders.SOURCE_NODE_ID, local.id());
        headers.put(BfiaHeaders.TARGET_NODE_ID, targetNode);
        headers.put(BfiaHeaders.NONCE, UUID.randomUUID().toString());
        headers.put(BfiaHeaders.TIMESTAMP, Long.toString(clock.millis()));
        headers.put(BfiaHeaders.TRACE_ID, TraceIds.current());
        if (method.equals("POST")) {
            headers.put(BfiaHeaders.CSRF_PROTECTION, "1");
        }
        signer.sign(new OutgoingCall(targetNode, jobId, method, path, query, headers, body));
        String uri = peer.baseUrl() + path + (query.isEmpty() ? "" : "?" + query);
        HttpUriRequestBase request = method.equals("POST") ? new HttpPost(uri) : new HttpGet(uri);
        headers.forEach(request::setHeader);
        if (method.equals("POST")) {
            request.setEntity(new ByteArrayEntity(body, type));
        }
        try {
            return http.execute(request, response -> reader.read(response.getCode(),
                    response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
        } catch (IOException e) {
            throw new PeerException(targetNode, false, 0, "node " + targetNode + " unreachable at " + peer.baseUrl()
                    + ": " + UpstreamFailures.cause(e), e);
        }
    }

    private JsonNode answer(String targetNode, String path, int status, byte[] responseBody) {
        JsonNode body;
        try {
            body = json.readTree(responseBody);
        } catch (RuntimeException e) {
            throw new PeerException(targetNode, true, status, path + " on " + targetNode
                    + " answered HTTP " + status + " without JSON: "
                    + Echo.cut(new String(responseBody, StandardCharsets.UTF_8)), e);
        }
        int code = body.path("code").asInt(status == 200 ? 0 : status);
        if (status / 100 == 2 && (code == 0 || code == 200)) {
            return body.path("data");
        }
        String message = body.path("msg").isMissingNode() ? body.path("message").asString("")
                : body.path("msg").asString("");
        throw new PeerException(targetNode, true, code == 0 ? status : code,
                path + " on " + targetNode + " failed: " + Echo.cut(message), null);
    }
}
