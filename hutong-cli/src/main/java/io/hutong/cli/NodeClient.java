package io.hutong.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls one node's APIs with the {@code token} header and unwraps each family's envelope: its {@code data} on
 * success, else the node's own message (which names the field and the rule) as a {@link CliException}.
 */
final class NodeClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Above the node's longest wait (status_all?wait=20). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String token;
    private final JsonMapper json;
    private final HttpClient http;

    NodeClient(String url, String token, JsonMapper json) {
        this.base = parse(url);
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    private static URI parse(String url) {
        String trimmed = url.strip().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw CliException.usage("url: http(s)://host:port (not '" + url + "')");
    }

    String base() {
        return base.toString();
    }

    JsonNode get(String pathAndQuery) {
        return call(request(pathAndQuery).GET(), pathAndQuery);
    }

    JsonNode post(String path, JsonNode body) {
        return send(path, "POST", ofJson(body), "application/json");
    }

    JsonNode put(String path, JsonNode body) {
        return send(path, "PUT", ofJson(body), "application/json");
    }

    JsonNode send(String path, String method, BodyPublisher body, String contentType) {
        return call(request(path).header("Content-Type", contentType).method(method, body), path);
    }

    /** A streamed answer (a CSV); failures still come in the envelope. */
    InputStream stream(String path) {
        HttpResponse<InputStream> response = exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return response.body();
        }
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreachable(e);
        }
        throw refusal(path, response.statusCode(), envelope(path, response.statusCode(), text));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            request.header("token", token);
        }
        return request;
    }

    private BodyPublisher ofJson(JsonNode body) {
        return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    }

    private JsonNode call(HttpRequest.Builder request, String path) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode envelope = envelope(path, response.statusCode(), response.body());
        if (succeeded(Family.of(path), envelope)) {
            JsonNode data = envelope.path("data");
            return data.isMissingNode() || data.isNull() ? json.createObjectNode() : data;
        }
        throw refusal(path, response.statusCode(), envelope);
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.FAILED, "interrupted");
        } catch (UncheckedIOException e) {
            throw unreachable(e.getCause());
        }
    }

    private JsonNode envelope(String path, int status, String text) {
        try {
            JsonNode envelope = json.readTree(text);
            if (envelope != null && envelope.isObject() && envelope.has("code")) {
                return envelope;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw new CliException(Exit.UNREACHABLE, base + path.replaceAll("\\?.*", "") + " answered HTTP " + status
                + " without a Hutong envelope: is this a Hutong node?");
    }

    private static boolean succeeded(Family family, JsonNode envelope) {
        JsonNode code = envelope.path("code");
        return switch (family) {
            case INFINITE -> "General.Success".equals(code.asString());
            case BFIA, INTEROP -> code.isNumber() && code.asInt() == 0;
        };
    }

    private CliException refusal(String path, int status, JsonNode envelope) {
        String message = oneLine(envelope.path(Family.of(path).messageField).asString());
        if (status == 404 && (message.startsWith("no such API") || message.startsWith("method "))) {
            return CliException.usage("this node does not offer " + path.replaceAll("\\?.*", "")
                    + " (an older Hutong?)");
        }
        if (message.isEmpty()) {
            message = "refused with code " + envelope.path("code").asString() + " (HTTP " + status + ")";
        }
        return new CliException(status >= 500 ? Exit.FAILED : Exit.USAGE, message);
    }

    private CliException unreachable(Throwable e) {
        return new CliException(Exit.UNREACHABLE, "cannot reach " + base + ": " + cause(e));
    }

    /** The JDK's connection failures often carry no message of their own; say what kind they are. */
    private static String cause(Throwable e) {
        if (find(e, HttpConnectTimeoutException.class) != null) {
            return "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (find(e, HttpTimeoutException.class) != null) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (find(e, UnresolvedAddressException.class) != null) {
            return "unknown host";
        }
        Throwable tls = find(e, SSLException.class);
        if (tls != null) {
            return "TLS: " + tls.getMessage();
        }
        if (find(e, ConnectException.class) != null) {
            return "connection refused";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** The envelope families the CLI calls, told apart by path as the node does. */
    private enum Family {
        /** {@code {"code": "General.Success", "data", "msg"}}: admin, packs, datasets. */
        INFINITE("msg"),
        /** {@code {"code": 0, "msg", "data"}}: /v1/… */
        BFIA("msg"),
        /** {@code {"code": 0, "message": "ok", "data"}}: /api/v1/… */
        INTEROP("message");

        private final String messageField;

        Family(String messageField) {
            this.messageField = messageField;
        }

        static Family of(String path) {
            if (path.startsWith("/v1/")) {
                return BFIA;
            }
            return path.startsWith("/api/v1/") ? INTEROP : INFINITE;
        }
    }
}
