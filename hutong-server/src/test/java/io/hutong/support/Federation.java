package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three nodes in one JVM, node-a, node-b and node-c, each on its own port and database, peers of
 * each other, with the demo components registered. node-a trusts the jobs of node-b and node-c,
 * node-b those of node-a and node-c, node-c only those of node-a: a job of node-b waits for a person
 * at node-c.
 */
public final class Federation implements AutoCloseable {

    public static final List<String> IDS = List.of("node-a", "node-b", "node-c");
    private static final Map<String, String> TRUSTED = Map.of("node-a", "node-b,node-c", "node-b", "node-a,node-c",
            "node-c", "node-a");

    private final String root = "target/it-data/federation-" + UUID.randomUUID();
    private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<String> extraArgs;

    public Federation(String... extraArgs) {
        this.extraArgs = List.of(extraArgs);
        IDS.forEach(this::start);
        IDS.forEach(this::connect);
        IDS.forEach(id -> registerDemoComponents(api(id)));
    }

    /** Starts (or restarts, on the same port and data) one node. */
    public void start(String id) {
        List<String> args = new ArrayList<>(List.of(
                "--hutong.interconn.approval.trusted-initiators=" + TRUSTED.get(id),
                "--hutong.interconn.poll-interval=300ms"));
        if (ports.containsKey(id)) {
            args.add("--server.port=" + ports.get(id));
        }
        args.addAll(extraArgs);
        ConfigurableApplicationContext node = Nodes.start(id, root + "/" + id, args.toArray(String[]::new));
        nodes.put(id, node);
        ports.put(id, Nodes.port(node));
    }

    public void stop(String id) {
        nodes.remove(id).close();
    }

    public Api api(String id) {
        return new Api(ports.get(id));
    }

    public ConfigurableApplicationContext node(String id) {
        return nodes.get(id);
    }

    private void connect(String id) {
        for (String other : IDS) {
            if (!other.equals(id)) {
                Api.Response saved = api(id).send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + ports.get(id) + "/admin/peers/" + other))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"baseUrl\":\"http://127.0.0.1:" + ports.get(other) + "\"}")),
                        NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
                assertThat(saved.code()).as(saved.text()).isEqualTo("General.Success");
            }
        }
    }

    public static void registerDemoComponents(Api api) {
        for (String name : List.of("noop", "fail", "sleep")) {
            Api.Response registered = api.post("/v1/platform/schedule/component/register", NodeIT.ADMIN_TOKEN,
                    resource("/io/hutong/components/" + name + ".json"));
            assertThat(registered.json().path("code").asInt()).as(registered.text()).isZero();
        }
    }

    private static String resource(String path) {
        try (InputStream in = Federation.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        new ArrayList<>(nodes.keySet()).forEach(this::stop);
    }
}
