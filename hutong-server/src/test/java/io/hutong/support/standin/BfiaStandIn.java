package io.hutong.support.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both stand-in peers share: a real HTTP server on a free loopback port that records every
 * request, an HTTP client that sends with the peer's own retry rule and records every call, the
 * route table (node id → base URL) the peer calls others by, and the fake behaviour of its own
 * task shares.
 */
public abstract class BfiaStandIn implements AutoCloseable {

    /** Where both peers serve and call the east-west API. */
    public static final String PREFIX = "/v1/interconn/schedule/";

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits
        // out the client's delayed ACK (40 ms). Read once, before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String nodeId;
    /** the clock its timestamps and ids are read from */
    final Clock clock;
    private final Duration callTimeout;
    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final ExecutorService callThreads;
    /** Runs the peer's own logic (its scheduler, its pollers) one step at a time. */
    final ScheduledExecutorService controller;
    /** Ends the fake shares when their time is up. */
    final ScheduledExecutorService timer;
    private final HttpClient http;
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, UnitBehaviour> behaviours = new ConcurrentHashMap<>();
    private volatile UnitBehaviour defaultBehaviour = UnitBehaviour.succeedAfter(Duration.ofMillis(100));

    BfiaStandIn(String nodeId, Clock clock, Duration connectTimeout, Duration callTimeout) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.callTimeout = callTimeout;
        serverThreads = Executors.newCachedThreadPool(daemons(nodeId + "-http"));
        callThreads = Executors.newCachedThreadPool(daemons(nodeId + "-call"));
        controller = Executors.newSingleThreadScheduledExecutor(daemons(nodeId + "-controller"));
        timer = Executors.newSingleThreadScheduledExecutor(daemons(nodeId + "-units"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(callThreads).build();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(serverThreads);
        server.createContext("/", this::exchange);
        server.start();
    }

    public String nodeId() {
        return nodeId;
    }

    /** The base URL others reach it at. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The dialect name Hutong knows the peer by ({@code kuscia}, {@code fate-flow}). */
    public abstract String dialect();

    /** Where to reach node {@code nodeId} (its base URL, without {@link #PREFIX}). */
    public BfiaStandIn route(String nodeId, String baseUrl) {
        routes.put(nodeId, baseUrl);
        return this;
    }

    /** Every request received, in order of arrival. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests whose path ends with {@code pathEnd} (e.g. {@code "task/poll"}). */
    public List<Received> received(String pathEnd) {
        return received.stream().filter(r -> r.path().endsWith(pathEnd)).toList();
    }

    /** Every call it made, in order of sending. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The calls whose path (without query) ends with {@code pathEnd}. */
    public List<Sent> sent(String pathEnd) {
        return sent.stream().filter(s -> s.path().split("\\?")[0].endsWith(pathEnd)).toList();
    }

    /** How its own shares of every task run from now on (default: succeed after 100 ms). */
    public void unitBehaviour(UnitBehaviour behaviour) {
        defaultBehaviour = behaviour;
    }

    /** How its own shares of the tasks named {@code taskName} run from now on. */
    public void unitBehaviour(String taskName, UnitBehaviour behaviour) {
        behaviours.put(taskName, behaviour);
    }

    UnitBehaviour behaviourOf(String taskName) {
        return behaviours.getOrDefault(taskName, defaultBehaviour);
    }

    /** An answer to a request. */
    record Reply(int status, String contentType, String body) {

        static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }
    }

    /** A request the peer refuses, with its answer. */
    static final class Refused extends RuntimeException {

        final transient Reply reply;

        Refused(Reply reply) {
            super(reply.body(), null, false, false);
            this.reply = reply;
        }
    }

    /** The peer's answer to a request it received (a refusal may be thrown as {@link Refused}). */
    abstract Reply answer(Received request);

    /** The peer's answer when its own handling broke (a stand-in bug, or what the peer does on a crash). */
    abstract Reply crashed(RuntimeException e);

    /** Whether it closes the connection after each answer (werkzeug's development server does). */
    boolean closesConnections() {
        return false;
    }

    /** How many times a call is sent at most (the first try included). */
    abstract int tries();

    /** The pause between tries. */
    abstract Duration retryPause();

    /** Whether an answer with this HTTP status is tried again (no answer at all always is). */
    abstract boolean retriesOn(int status);

    /**
     * Sends one call with the peer's retry rule, the same headers on every try, and records it.
     *
     * @param body {@code null} for none
     */
    Sent send(String to, String method, String pathAndQuery, Map<String, String> headers, String body) {
        String base = routes.get(to);
        if (base == null) {
            Sent unrouted = new Sent(to, method, pathAndQuery, headers, body, 0, -1, "no route to " + to);
            sent.add(unrouted);
            return unrouted;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(callTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        int tries = 0;
        int status;
        String answer;
        while (true) {
            tries++;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
                if (!retriesOn(status) || tries >= tries()) {
                    break;
                }
            } catch (IOException e) {
                status = -1;
                answer = e.toString();
                if (tries >= tries()) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = -1;
                answer = e.toString();
                break;
            }
            pause();
        }
        Sent call = new Sent(to, method, pathAndQuery, headers, body, tries, status, answer);
        sent.add(call);
        return call;
    }

    private void pause() {
        try {
            // the peer's own pause between tries, part of the behaviour being imitated
            TimeUnit.MILLISECONDS.sleep(retryPause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the calls at once and returns their results in the same order. */
    <T> List<T> inParallel(List<Callable<T>> calls) {
        List<Future<T>> futures = new ArrayList<>();
        calls.forEach(call -> futures.add(callThreads.submit(call)));
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            String query = exchange.getRequestURI().getRawQuery();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    query == null ? "" : query, Collections.unmodifiableMap(headers), body);
            received.add(request);
            Reply reply;
            try {
                reply = answer(request);
            } catch (Refused e) {
                reply = e.reply;
            } catch (RuntimeException e) {
                reply = crashed(e);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            if (closesConnections()) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        controller.shutdownNow();
        timer.shutdownNow();
        serverThreads.shutdownNow();
        callThreads.shutdownNow();
    }
}
