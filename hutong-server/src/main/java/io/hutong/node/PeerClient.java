package io.hutong.node;

import io.hutong.core.UpstreamFailures;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.web.Echo;
import io.hutong.web.TraceIds;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.ObjectProvider;
import io.hutong.node.internal.PeerProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls other nodes' east-west APIs in each peer's {@link PeerDialect}: a Hutong peer with the BFIA
 * headers, signed by the {@link RequestSigner}; a Kuscia peer with {@code X-Node-Id} and
 * {@code X-Timestamp} in seconds; a FATE-Flow peer with its underscore headers and
 * {@code x_timestamp} in milliseconds. An answer counts as success with HTTP 2xx and the dialect's
 * code (0, or 200 for Kuscia; a Hutong peer's 0 or 200); an error's message is read from
 * {@code msg} or {@code message}.
 */
@Component
public class PeerClient {

    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(3);
    private static final Timeout TIMEOUT = Timeout.ofSeconds(15);
    /** The longest an east-west call can take: connecting, then waiting for the answer. */
    public static final Duration LONGEST_CALL = Duration.ofSeconds(CONNECT_TIMEOUT.toSeconds() + TIMEOUT.toSeconds());
    private static final ContentType JSON = ContentType.create("application/json");
    private static final int PROBE_BODY_LIMIT = 64 * 1024;
    private static final ContentType OCTETS = ContentType.APPLICATION_OCTET_STREAM;

    private final LocalNode local;
    private final Peers peers;
    private final JsonMapper json;
    private final Clock clock;
    private final RequestSigner signer;
    private final CloseableHttpClient http;

    PeerClient(LocalNode local, Peers peers, JsonMapper json, Clock clock, RequestSigner signer,
            ObjectProvider<SslBundles> sslBundles, PeerProperties properties) {
        String sslBundle = properties.trust().sslBundle();
        this.local = local;
        this.peers = peers;
        this.json = json;
        this.clock = clock;
        this.signer = signer;
        // A blocking client: the calling thread writes the request and reads the answer itself. The
        // JDK's HttpClient hands every exchange to its selector thread and back, two thread wake-ups
        // per call that cost more CPU than the call on a small machine.
        var connections = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(256)
                .setMaxConnPerRoute(64)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT)
                        .setSocketTimeout(TIMEOUT).setValidateAfterInactivity(TimeValue.ofSeconds(2)).build());
        if (sslBundle != null && !sslBundle.isBlank()) {
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

    /** GETs with a query string and a JSON body too, for a peer that reads a GET's arguments from its body (FATE-Flow). */
    public JsonNode get(String targetNode, String path, String query, Object body) {
        return send(targetNode, null, "GET", path, query, json.writeValueAsBytes(body));
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

    /**
     * An unsigned GET of {@code path} at a peer, for diagnosing it: what it answered, its clock as its
     * {@code Date} header gives it (null when absent), the first 64 KiB of the body, the TLS session (null over plain HTTP), and the
     * time it took.
     *
     * @throws PeerException when it could not be reached, with the cause and the address
     */
    public Probe probe(String targetNode, String path) {
        Peer peer = peers.require(targetNode);
        HttpClientContext context = HttpClientContext.create();
        long started = System.nanoTime();
        try {
            return http.execute(new HttpGet(peer.baseUrl() + path), context, response -> {
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                var date = response.getFirstHeader("Date");
                Instant peerClock = date == null ? null : DateUtils.parseStandardDate(date.getValue());
                byte[] body = new byte[0];
                if (response.getEntity() != null) {
                    try (var in = response.getEntity().getContent()) {
                        body = in.readNBytes(PROBE_BODY_LIMIT);
                    }
                }
                return new Probe(peer.baseUrl(), response.getCode(), body, peerClock, took, context.getSSLSession());
            });
        } catch (IOException e) {
            throw unreachable(targetNode, peer, e);
        }
    }

    private static PeerException unreachable(String targetNode, Peer peer, IOException e) {
        return new PeerException(targetNode, false, 0, "node " + targetNode + " unreachable at " + peer.baseUrl()
                + ": " + UpstreamFailures.cause(e), e);
    }

    /** What {@link #probe} saw. */
    public record Probe(String baseUrl, int status, byte[] body, Instant peerClock, Duration took, SSLSession tls) {
    }

    private JsonNode send(String targetNode, String jobId, String method, String path, String query, byte[] body) {
        return exchange(targetNode, jobId, method, path, query, Map.of(), body, JSON,
                (status, answer) -> answer(targetNode, peers.dialectOf(targetNode), path, status, answer));
    }

    private interface Reader<T> {
        T read(int status, byte[] body);
    }

    private <T> T exchange(String targetNode, String jobId, String method, String path, String query,
            Map<String, String> extraHeaders, byte[] body, ContentType type, Reader<T> reader) {
        Peer peer = peers.find(targetNode).orElseThrow(
                () -> new PeerException(targetNode, false, 0, "node " + targetNode + " is not a known peer", null));
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        switch (peer.dialect()) {
            case HUTONG -> {
                headers.put(BfiaHeaders.SOURCE_NODE_ID, local.id());
                headers.put(BfiaHeaders.TARGET_NODE_ID, targetNode);
                headers.put(BfiaHeaders.NONCE, UUID.randomUUID().toString());
                headers.put(BfiaHeaders.TIMESTAMP, Long.toString(clock.millis()));
                headers.put(BfiaHeaders.TRACE_ID, TraceIds.current());
                if (method.equals("POST")) {
                    headers.put(BfiaHeaders.CSRF_PROTECTION, "1");
                }
                signer.sign(new OutgoingCall(targetNode, jobId, method, path, query, headers, body));
            }
            case KUSCIA -> {
                headers.put("X-Node-Id", local.id());
                headers.put("X-Timestamp", Long.toString(clock.millis() / 1000));
            }
            case FATE_FLOW -> {
                headers.put("x_node_id", local.id());
                // werkzeug 2.3 and later drop names with underscores; this spelling reaches every version
                headers.put("X-Node-Id", local.id());
                headers.put("x_timestamp", Long.toString(clock.millis()));
                headers.put("x_nonce", UUID.randomUUID().toString());
                headers.put("x_auth_sign", "");
                headers.put("x_trace_id", "");
            }
        }
        String uri = peer.baseUrl() + path + (query.isEmpty() ? "" : "?" + query);
        HttpUriRequestBase request = method.equals("POST") ? new HttpPost(uri) : new HttpGet(uri);
        headers.forEach(request::setHeader);
        if (method.equals("POST") || body.length > 0) {
            request.setEntity(new ByteArrayEntity(body, type));
        }
        try {
            return http.execute(request, response -> reader.read(response.getCode(),
                    response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity())));
        } catch (IOException e) {
            throw unreachable(targetNode, peer, e);
        }
    }

    private JsonNode answer(String targetNode, PeerDialect dialect, String path, int status, byte[] responseBody) {
        JsonNode body;
        try {
            body = json.readTree(responseBody);
        } catch (RuntimeException e) {
            throw new PeerException(targetNode, true, status, path + " on " + targetNode
                    + " answered HTTP " + status + " without JSON: "
                    + Echo.cut(new String(responseBody, StandardCharsets.UTF_8)), e);
        }
        int code = body.path("code").asInt(dialect == PeerDialect.HUTONG && status == 200 ? 0 : -1);
        boolean success = dialect == PeerDialect.HUTONG ? code == 0 || code == 200 : code == dialect.successCode();
        if (status / 100 == 2 && success) {
            return body.path("data");
        }
        String message = body.path("msg").isMissingNode() || body.path("msg").asString("").isEmpty()
                ? body.path("message").asString("") : body.path("msg").asString("");
        if (dialect == PeerDialect.KUSCIA && path.endsWith("/job/create") && message.equals("Job already exists")) {
            // Kuscia's create is not idempotent: a create retried after a lost answer is refused like this
            return body.path("data");
        }
        throw new PeerException(targetNode, true, code == 0 ? status : code,
                path + " on " + targetNode + " failed: " + Echo.cut(message), null);
    }
}
