package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.node.OutgoingCall;
import io.hutong.node.RequestSigner;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.support.standin.BfiaStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Three nodes in one JVM, node-a, node-b and node-c, each on its own port and database, signed up
 * with each other (each imported the others' cards), with the demo components registered. node-a
 * trusts the jobs of node-b and node-c, node-b those of node-a and node-c, node-c only those of
 * node-a: a job of node-b waits for a person at node-c.
 */
public final class Federation implements AutoCloseable {

    public static final List<String> IDS = List.of("node-a", "node-b", "node-c");
    private static final Map<String, String> TRUSTED = Map.of("node-a", "node-b,node-c", "node-b", "node-a,node-c",
            "node-c", "node-a");

    private final String root = "target/it-data/federation-" + UUID.randomUUID();
    private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, List<String>> nodeArgs;
    private final List<String> extraArgs;
    private final SSLContext tls;

    public Federation(String... extraArgs) {
        this(Map.of(), extraArgs);
    }

    /** @param nodeArgs extra settings of single nodes (e.g. their algorithm), after {@code extraArgs} */
    public Federation(Map<String, List<String>> nodeArgs, String... extraArgs) {
        this(null, nodeArgs, extraArgs);
    }

    /**
     * @param tls when not null the nodes serve https (their args configure server.ssl) and tests call them with
     *     this client context
     */
    public Federation(SSLContext tls, Map<String, List<String>> nodeArgs, String... extraArgs) {
        this.tls = tls;
        this.nodeArgs = nodeArgs;
        this.extraArgs = List.of(extraArgs);
        IDS.forEach(this::start);
        IDS.forEach(this::signUp);
        IDS.forEach(id -> registerDemoComponents(api(id)));
    }

    /** Starts (or restarts, on the same port and data) one node. */
    public void start(String id) {
        List<String> given = new ArrayList<>(extraArgs);
        given.addAll(nodeArgs.getOrDefault(id, List.of()));
        List<String> defaults = new ArrayList<>(List.of(
                "--hutong.interconn.approval.trusted-initiators=" + TRUSTED.get(id),
                "--hutong.interconn.poll-interval=300ms"));
        // a setting given replaces the federation's default (Spring would join two values with a comma)
        defaults.removeIf(fallback -> given.stream().anyMatch(arg -> arg.startsWith(setting(fallback))));
        List<String> args = new ArrayList<>(defaults);
        if (ports.containsKey(id)) {
            args.add("--server.port=" + ports.get(id));
        }
        args.addAll(given);
        ConfigurableApplicationContext node = Nodes.start(id, root + "/" + id, args.toArray(String[]::new));
        nodes.put(id, node);
        ports.put(id, Nodes.port(node));
    }

    /** {@code --name=} of a {@code --name=value} argument. */
    private static String setting(String arg) {
        return arg.substring(0, arg.indexOf('=') + 1);
    }

    /**
     * A further node, signed up with every node of the federation both ways (so its calls are
     * correctly signed and let in as any peer's), with the demo components registered.
     */
    public void join(String id, String... args) {
        ConfigurableApplicationContext node = Nodes.start(id, root + "/" + id, args);
        List<String> others = List.copyOf(nodes.keySet());
        nodes.put(id, node);
        ports.put(id, Nodes.port(node));
        for (String other : others) {
            importCard(api(other), card(api(id)));
            importCard(api(id), card(api(other)));
        }
        registerDemoComponents(api(id));
    }

    /**
     * Stand-in peers (Kuscia, FATE-Flow) join: each becomes an unsigned peer of every node, in its
     * dialect, and knows every node and every other stand-in by id.
     */
    public void admit(BfiaStandIn... standIns) {
        Map<String, Api> apis = new LinkedHashMap<>();
        nodes.keySet().forEach(id -> apis.put(id, api(id)));
        StandIns.federate(apis, standIns);
    }

    public void stop(String id) {
        nodes.remove(id).close();
    }

    public Api api(String id) {
        return tls == null ? new Api(ports.get(id)) : new Api("https://127.0.0.1:" + ports.get(id), tls);
    }

    /**
     * A second replica of node {@code id}: its own port and data directory, the same database
     * (the first replica's embedded PostgreSQL). The federation's args must share a
     * hutong.secret-key, as replicas of a node must.
     */
    public ConfigurableApplicationContext startReplica(String id) {
        Properties database = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(root, id, "postgres", "postgres.properties"))) {
            database.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(extraArgs);
        args.addAll(nodeArgs.getOrDefault(id, List.of()));
        args.addAll(List.of("--spring.datasource.url=" + database.getProperty("url"),
                "--spring.datasource.username=" + database.getProperty("user"),
                "--spring.datasource.password=" + database.getProperty("password")));
        return Nodes.start(id, root + "/" + id + "-replica", args.toArray(String[]::new));
    }

    public ConfigurableApplicationContext node(String id) {
        return nodes.get(id);
    }

    /** Node {@code id} imports the cards of the two others. */
    private void signUp(String id) {
        for (String other : IDS) {
            if (!other.equals(id)) {
                importCard(api(id), card(api(other)));
            }
        }
    }

    public static JsonNode card(Api node) {
        Api.Response card = node.get("/admin/trust/card", NodeIT.ADMIN_TOKEN);
        assertThat(card.code()).as(card.text()).isEqualTo("General.Success");
        return card.data().path("card");
    }

    public static void importCard(Api node, JsonNode card) {
        Api.Response imported = node.send(HttpRequest.newBuilder(URI.create(node.base() + "/admin/trust/peers"))
                        .PUT(HttpRequest.BodyPublishers.ofString(card.toString())),
                NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
        assertThat(imported.code()).as(imported.text()).isEqualTo("General.Success");
    }

    /**
     * An east-west call as node {@code from} makes it to node {@code to}: BFIA headers signed by
     * {@code from}'s signer; {@code tamper} may change them before it is sent.
     */
    public Api.Response eastWest(String from, String to, String method, String pathAndQuery, String body,
            Consumer<Map<String, String>> tamper) {
        Map<String, String> headers = signedHeaders(from, to, method, pathAndQuery, body, before -> { });
        tamper.accept(headers);
        return send(to, method, pathAndQuery, body, headers);
    }

    /** The headers {@code from} sends; {@code beforeSigning} may change them before they are signed. */
    public Map<String, String> signedHeaders(String from, String to, String method, String pathAndQuery, String body,
            Consumer<Map<String, String>> beforeSigning) {
        ConfigurableApplicationContext node = node(from);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BfiaHeaders.SOURCE_NODE_ID, from);
        headers.put(BfiaHeaders.TARGET_NODE_ID, to);
        headers.put(BfiaHeaders.NONCE, UUID.randomUUID().toString());
        headers.put(BfiaHeaders.TIMESTAMP, Long.toString(node.getBean(Clock.class).millis()));
        headers.put(BfiaHeaders.TRACE_ID, "test-" + UUID.randomUUID());
        if (method.equals("POST")) {
            headers.put(BfiaHeaders.CSRF_PROTECTION, "1");
        }
        beforeSigning.accept(headers);
        int q = pathAndQuery.indexOf('?');
        node.getBean(RequestSigner.class).sign(new OutgoingCall(to, null, method,
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q), q < 0 ? "" : pathAndQuery.substring(q + 1), headers,
                body.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Sends a request to node {@code to} with exactly these headers. */
    public Api.Response send(String to, String method, String pathAndQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api(to).base() + pathAndQuery));
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (method.equals("POST")) {
            request.POST(HttpRequest.BodyPublishers.ofString(body));
            all.put("Content-Type", "application/json");
        } else {
            request.GET();
        }
        return api(to).send(request, null, all);
    }

    public static void registerDemoComponents(Api api) {
        for (String name : List.of("noop", "fail", "sleep", "handshake", "intersection")) {
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
