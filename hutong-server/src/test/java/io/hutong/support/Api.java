package io.hutong.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: real requests to the node's port, answers as JSON trees. */
public class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;

    public Api(int port) {
        this("http://127.0.0.1:" + port);
    }

    public Api(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An https client with its own trust store and client certificate. */
    public Api(String base, SSLContext tls) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
    }

    public String base() {
        return base;
    }

    public record Response(int status, String text, JsonNode json) {

        public String code() {
            return json.path("code").asString();
        }

        public JsonNode data() {
            return json.path("data");
        }
    }

    public Response post(String path, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body)),
                token, Map.of("Content-Type", "application/json"));
    }

    public Response post(String path, String token, Object body) {
        return post(path, token, JSON.writeValueAsString(body));
    }

    public Response put(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                token, Map.of("Content-Type", "application/json"));
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token, Map.of());
    }

    public Response send(HttpRequest.Builder request, String token, Map<String, String> headers) {
        if (token != null) {
            request.header("token", token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text.isBlank() ? JSON.createObjectNode() : parse(text);
            return new Response(response.statusCode(), text, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("raw", text);
        }
    }
}
