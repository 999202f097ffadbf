package io.hutong.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A node that is not Hutong: answers east-west calls as it is told and records what it received. */
public final class FakePeer implements AutoCloseable {

    public record Received(String path, Map<String, List<String>> headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** @param answer the JSON answer for a path, with HTTP 200 */
    public FakePeer(Function<String, String> answer) {
        this(answer, path -> 200);
    }

    /**
     * @param answer the JSON answer for a path
     * @param status the HTTP status of that answer
     */
    public FakePeer(Function<String, String> answer, Function<String, Integer> status) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            byte[] reply = answer.apply(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.apply(exchange.getRequestURI().getPath()), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received(String pathEnd) {
        return received.stream().filter(r -> r.path().endsWith(pathEnd)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
