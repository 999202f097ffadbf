package io.hutong.components;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hutong.components.internal.wire.TransportOutbound;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Stand-ins for the transport layer of a few nodes, as hutong-server's {@code io.hutong.transport}
 * serves containers in Kuscia's wire: {@code POST /v1/interconn/chan/push} takes the raw body, the
 * session in {@code x-ptp-session-id}, the receiving node in {@code x-ptp-target-node-id} and the
 * topic in {@code x-ptp-topic}, and queues the message at that node under
 * {@code <sending node>-<topic>} in the session; {@code pop?timeout=<seconds>} (default 120) reads the
 * queue {@code <x-ptp-target-node-id>-<topic>} of the caller's node, waiting for a message. Both
 * answer HTTP 200 with a protobuf {@code TransportOutbound}. Every push is recorded. Public for
 * bench/PsiCurveBench.java, whose two parties talk through it.
 */
public final class StandInNodes implements AutoCloseable {

    /** One message pushed through a node. */
    public record Push(String from, String to, String session, String topic, byte[] body) {
    }

    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    // node -> "<session>\n<key>" -> messages; every access holds the map's monitor
    private final Map<String, Map<String, ArrayDeque<byte[]>>> queues = new HashMap<>();
    private final List<Push> transcript = new CopyOnWriteArrayList<>();
    private final List<Consumer<Push>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final boolean recording;

    /** Nodes that record every push. */
    public StandInNodes(String... nodes) {
        this(true, nodes);
    }

    /** Nodes that keep no transcript (a long run's messages would fill the heap). */
    public static StandInNodes unrecorded(String... nodes) {
        return new StandInNodes(false, nodes);
    }

    private StandInNodes(boolean recording, String... nodes) {
        this.recording = recording;
        for (String node : nodes) {
            queues.put(node, new HashMap<>());
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/v1/interconn/chan/push", exchange -> push(node, exchange));
                server.createContext("/v1/interconn/chan/pop", exchange -> pop(node, exchange));
                server.setExecutor(threads);
                server.start();
                servers.put(node, server);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The node's {@code system.transport}. */
    public String address(String node) {
        return "127.0.0.1:" + servers.get(node).getAddress().getPort();
    }

    List<Push> transcript() {
        return List.copyOf(transcript);
    }

    /** Called with every push, after it was queued. */
    void onPush(Consumer<Push> listener) {
        listeners.add(listener);
    }

    /** Queues a message at {@code node} as if {@code from} had pushed it there on {@code topic}. */
    void deliver(String from, String node, String session, String topic, byte[] message) {
        synchronized (queues) {
            queues.get(node).computeIfAbsent(session + "\n" + from + "-" + topic, k -> new ArrayDeque<>()).add(message);
            queues.notifyAll();
        }
    }

    private void push(String node, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String session = exchange.getRequestHeaders().getFirst("x-ptp-session-id");
        String target = exchange.getRequestHeaders().getFirst("x-ptp-target-node-id");
        String topic = orEmpty(exchange.getRequestHeaders().getFirst("x-ptp-topic"));
        if (session == null || target == null) {
            answer(exchange, "E0000000400", "x-ptp-session-id and x-ptp-target-node-id: notBlank", new byte[0]);
            return;
        }
        if (!queues.containsKey(target)) {
            answer(exchange, "E0000000607", "no route to node " + target, new byte[0]);
            return;
        }
        deliver(node, target, session, topic, body);
        Push push = new Push(node, target, session, topic, body);
        if (recording) {
            transcript.add(push);
        }
        answer(exchange, "E0000000000", "success", new byte[0]);
        listeners.forEach(listener -> listener.accept(push));
    }

    private void pop(String node, HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String session = exchange.getRequestHeaders().getFirst("x-ptp-session-id");
        String peer = exchange.getRequestHeaders().getFirst("x-ptp-target-node-id");
        String topic = orEmpty(exchange.getRequestHeaders().getFirst("x-ptp-topic"));
        if (session == null || peer == null) {
            answer(exchange, "E0000000400", "x-ptp-session-id and x-ptp-target-node-id: notBlank", new byte[0]);
            return;
        }
        String query = orEmpty(exchange.getRequestURI().getQuery());
        long seconds = query.startsWith("timeout=") ? Long.parseLong(query.substring("timeout=".length())) : 120;
        long deadline = System.nanoTime() + Math.min(seconds, 300) * 1_000_000_000L;
        byte[] message;
        synchronized (queues) {
            ArrayDeque<byte[]> queue;
            while ((queue = queues.get(node).get(session + "\n" + peer + "-" + topic)) == null || queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    queues.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            message = queue == null || queue.isEmpty() ? new byte[0] : queue.poll();
        }
        answer(exchange, "E0000000000", "success", message);
    }

    private static void answer(HttpExchange exchange, String code, String message, byte[] payload) throws IOException {
        byte[] body = TransportOutbound.newBuilder().setCode(code).setMessage(message)
                .setPayload(ByteString.copyFrom(payload)).build().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
        threads.shutdownNow();
    }

    /** The pushes' bodies, for looking through them. */
    List<byte[]> bodies() {
        List<byte[]> bodies = new ArrayList<>();
        transcript.forEach(push -> bodies.add(push.body()));
        return bodies;
    }
}
