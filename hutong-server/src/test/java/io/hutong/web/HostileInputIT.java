package io.hutong.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.protocol.CanonicalRequest;
import io.hutong.protocol.NodeCard;
import io.hutong.protocol.RequestSignature;
import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.Nodes;
import io.hutong.support.RawHttp;
import io.hutong.support.TestClockConfiguration;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input on every operation of the node's own OpenAPI documents (all seven groups): no or
 * a bad token (an unsigned or wrongly signed call east-west), empty, malformed, wrongly typed and
 * null bodies and fields, 1 MB strings, huge and negative numbers, NUL, control and unicode
 * characters, SQL metacharacters, path traversal, encoded slashes, CRLF and over-long values in
 * path, query and header parameters, JSON nested 10,000 deep and a 50 MB body per family. Every
 * answer must be in the family's envelope (the transport layer's: HTTP 200 and its code), without
 * a 5xx other than an upstream failure that names its cause, without a stack trace or an
 * exception's name, and, when it refuses, without a long stretch of a value it was sent; the node
 * must be healthy afterwards. The node is its own, so that what the requests change touches no
 * other test.
 */
class HostileInputIT {

    private static final String NODE_ID = "node-fuzz";
    private static final String PEER_ID = "fuzz-peer";
    private static final List<String> GROUPS = List.of("admin", "bfia", "interop", "资源管理", "fate", "dbc",
            "dbc-gateway");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");
    /** Fields of a body each probed with every hostile value (the first ones, depth first). */
    private static final int FIELDS_PER_BODY = 5;
    private static final String MARK = "__HOSTILE_VALUE__";
    private static final String LONG_BODY_STRING = "x".repeat(1_000_000);
    private static final String LONG_PARAMETER = "a".repeat(10_000);

    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\b[A-Z]\\w*Exception\\b|\\b[a-z]+(\\.[a-z0-9_]+)+\\.[A-Z]\\w*(Exception|Error)\\b|\\bat [\\w.$]+\\([\\w.]*:?\\d*\\)");
    private static final Pattern UPSTREAM_CAUSE = Pattern.compile(
            "(?i)timed out|timeout|refused|reset|closed|tls|ssl|certificate|unknown host|unreachable|no route");
    private static final Pattern TRANSPORT_CODE = Pattern.compile("E\\d{10}");

    private static ConfigurableApplicationContext node;
    private static int port;
    private static KeyPair peerKey;

    /** The API families, as the table names them, each with the envelope its answers use. */
    enum Family {
        ADMIN("admin", Envelope.INFINITE),
        PACKS("resource packs", Envelope.INFINITE),
        EAST_WEST("BFIA east-west", Envelope.BFIA),
        NORTH_SOUTH("BFIA north-south", Envelope.BFIA),
        TRANSPORT("BFIA transport", Envelope.TRANSPORT),
        DBC("DBC", Envelope.INFINITE),
        DBC_GATEWAY("dbc_client gateway", Envelope.DBC),
        FATE("FATE", Envelope.FATE),
        INTEROP("interop", Envelope.INTEROP);

        final String title;
        final Envelope envelope;

        Family(String title, Envelope envelope) {
            this.title = title;
            this.envelope = envelope;
        }

        static Family of(String path) {
            if (path.startsWith("/v1/interconn/chan/")) {
                return TRANSPORT;
            }
            if (path.startsWith("/v1/interconn/")) {
                return EAST_WEST;
            }
            if (path.startsWith("/v1/platform/")) {
                return NORTH_SOUTH;
            }
            if (path.startsWith("/api/v1/")) {
                return INTEROP;
            }
            if (path.startsWith("/api/fate/")) {
                return FATE;
            }
            if (path.startsWith("/api/dbc/")) {
                return DBC;
            }
            if (path.startsWith("/dbc/api/")) {
                return DBC_GATEWAY;
            }
            if (path.startsWith("/api/userPack/") || path.startsWith("/api/pack/")) {
                return PACKS;
            }
            return ADMIN;
        }

        /** Whether calls of this family carry the {@code token} header (else a signature, or nothing). */
        boolean usesToken() {
            return this != EAST_WEST && this != TRANSPORT && this != FATE;
        }
    }

    enum Envelope {
        INFINITE, INTEROP, BFIA, TRANSPORT, DBC, FATE
    }

    record Param(String name, String in, String type) {
    }

    record Operation(Family family, String method, String path, List<Param> params, JsonNode body,
            Set<String> answerTypes) {

        String label() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        /** Node-to-node calls: east-west, and the transport layer's invoke between nodes. */
        boolean signed() {
            return family == Family.EAST_WEST || path.endsWith("/chan/invoke") || path.endsWith("/chan/transport");
        }
    }

    /** One request to send; {@code signed} east-west requests get their BFIA headers when sent. */
    record Probe(Operation operation, String what, String method, String target, Map<String, String> headers,
            byte[] body, boolean signed) {
    }

    record Outcome(Probe probe, RawHttp.Answer answer) {
    }

    @BeforeAll
    static void start() {
        // a transport message of at most 1 MB, so that a 17 MB body is over the transport layer's limit too
        node = Nodes.start(NODE_ID, "target/it-data/hostile-" + UUID.randomUUID(), "--hutong.fate.party-id=9999",
                "--hutong.transport.max-message=1MB");
        port = Nodes.port(node);
        peerKey = SignatureAlgorithm.SHA256_ECDSA.generateKeyPair();
        NodeCard card = NodeCard.of(PEER_ID, "http://127.0.0.1:9", SignatureAlgorithm.SHA256_ECDSA,
                peerKey.getPublic());
        Api api = new Api(port);
        Api.Response imported = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base()
                + "/admin/trust/peers")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                        Api.JSON.writeValueAsString(card))), NodeIT.ADMIN_TOKEN, Map.of("Content-Type", "application/json"));
        assertThat(imported.code()).as(imported.text()).isEqualTo("General.Success");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyOperationAnswersHostileInputInItsFamilysEnvelope() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).as("operations of the seven OpenAPI groups").hasSizeGreaterThan(100);
        List<Probe> probes = new ArrayList<>();
        operations.forEach(operation -> probes.addAll(probes(operation)));
        probes.addAll(familyProbes(operations));

        List<Outcome> outcomes = send(probes);

        Map<Family, int[]> table = new EnumMap<>(Family.class);
        List<String> offences = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            int[] row = table.computeIfAbsent(outcome.probe().operation().family(), f -> new int[5]);
            row[0]++;
            List<String> wrong = judge(outcome);
            for (String what : wrong) {
                row[switch (what) {
                    case "5xx" -> 1;
                    case "envelope" -> 2;
                    case "stack trace" -> 3;
                    default -> 4;
                }]++;
            }
            if (!wrong.isEmpty()) {
                offences.add(describe(outcome, wrong));
            }
        }
        print(table, outcomes.size());
        Files.write(Path.of("target", "hostile-input-offences.txt"), offences);

        assertThat(offences.subList(0, Math.min(40, offences.size()))).as("answers that are a 5xx, outside the "
                + "family's envelope, show a stack trace or echo a long value (the first 40 of " + offences.size()
                + "; all in target/hostile-input-offences.txt)").isEmpty();
        assertHealthy();
    }

    /**
     * What Tomcat and Spring refuse before any controller has the status of its class in every
     * family: 400 a path Tomcat will not decode, 404 an unknown path, 405 a method the path does not
     * take, 413 a body over the limit, 414 a path and query over the limit. FATE answers them with
     * HTTP 200 and the status as its code, the transport layer with HTTP 200 and its E0000000xxx code.
     */
    @Test
    void refusalsBeforeAnyControllerHaveTheirStatusInEveryFamily() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/admin/users", "POST");
        paths.put("/api/userPack/getUserPackList", "POST");
        paths.put("/v1/interconn/schedule/job/stop_all", "POST");
        paths.put("/v1/platform/schedule/job/stop_all", "POST");
        paths.put("/v1/interconn/chan/push", "POST");
        paths.put("/api/dbc/vms", "POST");
        paths.put("/api/fate/permission", "POST");
        paths.put("/api/v1/task_status", "POST");
        byte[] huge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (Map.Entry<String, String> call : paths.entrySet()) {
            String path = call.getKey();
            Family family = Family.of(path);
            assertRefused(family, 400, RawHttp.send(port, "GET", path + "/a%2Fb", Map.of(), null), path + ": encoded /");
            assertRefused(family, 404, RawHttp.send(port, "POST", path.substring(0, path.lastIndexOf('/') + 1)
                    + "no-such-api", json, bytes("{}")), path + ": unknown path");
            assertRefused(family, 405, RawHttp.send(port, "PATCH", path, json, bytes("{}")), path + ": PATCH");
            assertRefused(family, 413, RawHttp.send(port, call.getValue(), path, json, huge), path + ": 17 MB body");
            assertRefused(family, 414, RawHttp.send(port, "GET", path + "?q=" + "a".repeat(9000), Map.of(), null),
                    path + ": 9,000 characters of query");
        }
        // over what Tomcat reads of a request line its path is unknown: the admin API's envelope
        RawHttp.Answer unread = RawHttp.send(port, "GET", "/v1/interconn/chan/push?q=" + "a".repeat(40_000), Map.of(),
                null);
        assertThat(unread.status()).isEqualTo(414);
        assertThat(json(unread).path("code").asString()).isEqualTo("General.ParameterInvalid");
    }

    /** The text rules are in the documents: every string field and parameter a caller sends has its maxLength. */
    @Test
    void everyStringTheDocumentsDescribeHasALengthLimit() {
        Api api = new Api(port);
        List<String> unlimited = new ArrayList<>();
        for (String group : GROUPS) {
            JsonNode root = api.get("/v3/api-docs/" + URLEncoder.encode(group, StandardCharsets.UTF_8), null).json();
            for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    String at = group + " " + method.getKey() + " " + path.getKey();
                    for (JsonNode param : method.getValue().path("parameters")) {
                        unlimitedStrings(root, param.path("schema"), at + " " + param.path("name").asString(),
                                unlimited, new LinkedHashSet<>());
                    }
                    // a body read whole as one string is held to the body size instead
                    method.getValue().path("requestBody").path("content").properties().forEach(media -> {
                        if (!resolve(root, media.getValue().path("schema")).path("type").asString("").equals("string")) {
                            unlimitedStrings(root, media.getValue().path("schema"), at + " body", unlimited,
                                    new LinkedHashSet<>());
                        }
                    });
                }
            }
        }
        assertThat(unlimited).as("strings without maxLength").isEmpty();

        JsonNode admin = api.get("/v3/api-docs/admin", null).json();
        assertThat(admin.at("/components/schemas/NodeCard/properties/node_id/maxLength").asInt())
                .isEqualTo(TextRules.DEFAULT_LIMIT);
        assertThat(admin.at("/components/schemas/NodeCard/properties/certificate_chain/items/maxLength").asInt())
                .as("a field's own limit").isEqualTo(16384);
        JsonNode fate = api.get("/v3/api-docs/fate", null).json();
        assertThat(fate.at("/paths/~1api~1fate~1download/get/parameters/0/schema/maxLength").asInt())
                .as("a parameter's own limit").isEqualTo(8192);
    }

    private static void unlimitedStrings(JsonNode root, JsonNode schemaOrRef, String at, List<String> unlimited,
            Set<String> refs) {
        if (!schemaOrRef.isObject() || schemaOrRef.has("$ref") && !refs.add(schemaOrRef.path("$ref").asString())) {
            return;
        }
        JsonNode schema = resolve(root, schemaOrRef);
        boolean string = schema.path("type").asString("").equals("string")
                || schema.path("types").toString().contains("\"string\"");
        if (string) {
            boolean binary = Set.of("binary", "byte").contains(schema.path("format").asString(""));
            if (!binary && !schema.has("enum") && !schema.has("maxLength")) {
                unlimited.add(at);
            }
            return;
        }
        unlimitedStrings(root, schema.path("items"), at + "[]", unlimited, refs);
        schema.path("properties").properties().forEach(property -> unlimitedStrings(root, property.getValue(),
                at + "." + property.getKey(), unlimited, refs));
    }

    private static void assertRefused(Family family, int status, RawHttp.Answer answer, String what) {
        JsonNode json = json(answer);
        switch (family.envelope) {
            case TRANSPORT -> {
                assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(200);
                String code = switch (status) {
                    case 404, 405 -> "E0000000404";
                    case 413 -> "E0000000413";
                    default -> "E0000000400";
                };
                assertThat(transportCode(answer, json)).as(what).isEqualTo(code);
            }
            case FATE -> {
                assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(200);
                assertThat(json.path("code").asInt()).as(what + ": " + answer.text()).isEqualTo(status);
            }
            default -> {
                assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(status);
                assertThat(inEnvelope(new Operation(family, "post", "", List.of(), null, Set.of()), answer, json))
                        .as(what + ": " + answer.text()).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ the operations

    private static List<Operation> operations() {
        Api api = new Api(port);
        List<Operation> operations = new ArrayList<>();
        for (String group : GROUPS) {
            Api.Response doc = api.get("/v3/api-docs/" + URLEncoder.encode(group, StandardCharsets.UTF_8), null);
            assertThat(doc.status()).as(group + ": " + doc.text()).isEqualTo(200);
            JsonNode root = doc.json();
            for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (METHODS.contains(method.getKey())) {
                        operations.add(operation(root, path.getKey(), method.getKey(), method.getValue()));
                    }
                }
            }
        }
        return operations;
    }

    private static Operation operation(JsonNode root, String path, String method, JsonNode spec) {
        List<Param> params = new ArrayList<>();
        for (JsonNode param : spec.path("parameters")) {
            JsonNode schema = resolve(root, param.path("schema"));
            params.add(new Param(param.path("name").asString(), param.path("in").asString(),
                    schema.path("type").asString("object")));
        }
        JsonNode body = null;
        JsonNode content = spec.path("requestBody").path("content");
        if (!content.isMissingNode()) {
            JsonNode json = content.has("application/json") ? content.path("application/json")
                    : content.properties().iterator().next().getValue();
            body = example(json);
            if (body == null) {
                body = sample(root, json.path("schema"), 0);
            }
        }
        Set<String> answerTypes = new LinkedHashSet<>();
        spec.path("responses").properties().forEach(response -> response.getValue().path("content").properties()
                .forEach(type -> answerTypes.add(type.getKey())));
        return new Operation(Family.of(path), method, path.replace("/**", "/fuzz"), params, body, answerTypes);
    }

    /** The first example the document gives for a body, parsed when it is JSON text. */
    private static JsonNode example(JsonNode content) {
        JsonNode example = content.path("examples").isObject() && !content.path("examples").isEmpty()
                ? content.path("examples").properties().iterator().next().getValue().path("value")
                : content.path("example");
        if (example.isMissingNode() || example.isNull()) {
            return null;
        }
        if (example.isString()) {
            try {
                return Api.JSON.readTree(example.asString());
            } catch (RuntimeException notJson) {
                return null;
            }
        }
        return example;
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        for (int hops = 0; schema.has("$ref") && hops < 10; hops++) {
            String[] ref = schema.path("$ref").asString().substring(2).split("/");
            JsonNode target = root;
            for (String part : ref) {
                target = target.path(part);
            }
            schema = target;
        }
        if (schema.has("allOf")) {
            return resolve(root, schema.path("allOf").get(0));
        }
        if (schema.has("oneOf")) {
            return resolve(root, schema.path("oneOf").get(0));
        }
        return schema;
    }

    /** A plausible value of a schema: its example, its first enum value, or one of its type. */
    private static JsonNode sample(JsonNode root, JsonNode schemaOrRef, int depth) {
        JsonNode schema = resolve(root, schemaOrRef);
        if (schema.has("example")) {
            return schema.path("example");
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "integer":
                return JsonNodeFactory.instance.numberNode(1);
            case "number":
                return JsonNodeFactory.instance.numberNode(1.5);
            case "boolean":
                return JsonNodeFactory.instance.booleanNode(true);
            case "array":
                ArrayNode array = Api.JSON.createArrayNode();
                if (depth < 4) {
                    array.add(sample(root, schema.path("items"), depth + 1));
                }
                return array;
            case "object":
                ObjectNode object = Api.JSON.createObjectNode();
                if (depth < 4) {
                    schema.path("properties").properties().forEach(property -> object.set(property.getKey(),
                            sample(root, property.getValue(), depth + 1)));
                }
                return object;
            default:
                return JsonNodeFactory.instance.stringNode("fuzz");
        }
    }

    // ------------------------------------------------------------------ the probes

    /** A hostile value: raw JSON text for a body field, or the raw characters of a parameter. */
    record Hostile(String what, String value) {
    }

    private static final List<Hostile> STRING_FIELD_VALUES = List.of(
            new Hostile("null", "null"),
            new Hostile("wrong type", "{\"wrong\": [\"type\"]}"),
            new Hostile("1 MB string", "\"" + LONG_BODY_STRING + "\""),
            new Hostile("1,000 characters", "\"" + "x".repeat(1000) + "\""),
            new Hostile("NUL", "\"a\\u0000b\""),
            new Hostile("control and unicode characters", "\"\\u0001\\u001f\\u007f\\u202e\\ud800中文\uD83D\uDE00\\uffff\""),
            new Hostile("SQL metacharacters", "\"' OR '1'='1'; DROP TABLE app_user; --\""));
    private static final List<Hostile> OTHER_FIELD_VALUES = List.of(
            new Hostile("null", "null"),
            new Hostile("wrong type", "\"not a number\""),
            new Hostile("huge number", "1e400"),
            new Hostile("huge integer", "123456789012345678901234567890"),
            new Hostile("negative number", "-1"),
            new Hostile("below the smallest long", "-9223372036854775809"));
    private static final List<Hostile> BODIES = List.of(
            new Hostile("empty body", ""),
            new Hostile("malformed JSON", "{\"a\": "),
            new Hostile("a list for a body", "[1, 2, 3]"),
            new Hostile("a string for a body", "\"text\""),
            new Hostile("null body", "null"),
            new Hostile("JSON nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000)),
            new Hostile("a NUL field name", "{\"a\\u0000\": 1}"));
    private static final List<Hostile> PARAMETER_VALUES = List.of(
            new Hostile("SQL metacharacters", "%27%20OR%20%271%27%3D%271%27--%3B"),
            new Hostile("encoded path traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
            new Hostile("path traversal", "../../../etc/passwd"),
            new Hostile("encoded slash", "a%2Fb"),
            new Hostile("encoded backslash", "a%5Cb"),
            new Hostile("..;", "..;"),
            new Hostile("encoded NUL", "a%00b"),
            new Hostile("encoded control character", "a%01b"),
            new Hostile("encoded CRLF", "a%0D%0AX-Injected:%20yes"),
            new Hostile("raw control character", "a\u0001b"),
            new Hostile("raw braces and bar", "{a}|b"),
            new Hostile("bad percent-escape", "%ZZ%"),
            new Hostile("unicode", "%E4%B8%AD%E6%96%87%F0%9F%98%80%E2%80%AE"),
            new Hostile("invalid UTF-8", "%C3%28%FF"),
            new Hostile("huge number", "99999999999999999999999999"),
            new Hostile("negative number", "-1"),
            new Hostile("1,000 characters", "a".repeat(1000)),
            new Hostile("10,000 characters", LONG_PARAMETER));
    private static final List<Hostile> HEADER_VALUES = List.of(
            new Hostile("10,000 characters", LONG_PARAMETER),
            new Hostile("raw control character", "a\u0001b"),
            new Hostile("raw non-ASCII byte", "\u00e9t\u00e9"),
            new Hostile("negative number", "-1"),
            new Hostile("not a number", "abc"),
            new Hostile("SQL metacharacters", "' OR '1'='1"));

    private static List<Probe> probes(Operation op) {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> path = baseline(op, "path");
        Map<String, String> query = baseline(op, "query");
        Map<String, String> headers = baseline(op, "header");
        byte[] body = op.body() == null ? null : Api.JSON.writeValueAsBytes(op.body());

        // no token, a bad token; east-west: unsigned, or signed with another key
        if (op.family().usesToken()) {
            probes.add(probe(op, "no token", path, query, withoutToken(headers), body));
            Map<String, String> bad = new LinkedHashMap<>(headers);
            bad.put("token", "ht_not-a-token");
            probes.add(probe(op, "bad token", path, query, bad, body));
        } else if (op.signed()) {
            Probe unsigned = probe(op, "unsigned", path, query, headers, body);
            probes.add(new Probe(op, unsigned.what(), unsigned.method(), unsigned.target(), unsigned.headers(),
                    unsigned.body(), false));
            Map<String, String> forged = new LinkedHashMap<>(headers);
            forged.put(BfiaHeaders.AUTH_SIGN, "MEUCIQDforgedforgedforgedforgedforgedforgedforgedforgedAiBforged");
            probes.add(probe(op, "bad signature", path, query, forged, body));
        }

        if (body != null) {
            for (Hostile whole : BODIES) {
                probes.add(probe(op, whole.what(), path, query, headers, bytes(whole.value())));
                if (op.family() == Family.TRANSPORT) {
                    Map<String, String> raw = new LinkedHashMap<>(headers);
                    raw.remove("Content-Type");
                    probes.add(probe(op, "raw form: " + whole.what(), path, query, raw, bytes(whole.value())));
                }
            }
            Map<String, String> plain = new LinkedHashMap<>(headers);
            plain.put("Content-Type", "text/plain");
            probes.add(probe(op, "JSON sent as text/plain", path, query, plain, body));
            for (String field : fields(op.body())) {
                boolean text = leaf(op.body(), field).isString();
                for (Hostile value : text ? STRING_FIELD_VALUES : OTHER_FIELD_VALUES) {
                    probes.add(probe(op, field + ": " + value.what(), path, query, headers,
                            withField(op.body(), field, value.value())));
                }
            }
        }
        for (Param param : op.params()) {
            Map<String, String> target = param.in().equals("path") ? path : param.in().equals("query") ? query : null;
            if (target != null) {
                for (Hostile value : PARAMETER_VALUES) {
                    Map<String, String> changed = new LinkedHashMap<>(target);
                    changed.put(param.name(), value.value());
                    probes.add(param.in().equals("path")
                            ? probe(op, param.name() + " (path): " + value.what(), changed, query, headers, body)
                            : probe(op, param.name() + " (query): " + value.what(), path, changed, headers, body));
                }
            } else if (param.in().equals("header")) {
                for (Hostile value : HEADER_VALUES) {
                    Map<String, String> changed = new LinkedHashMap<>(headers);
                    changed.put(param.name(), value.value());
                    probes.add(probe(op, param.name() + " (header): " + value.what(), path, query, changed, body));
                }
            }
        }
        return probes;
    }

    /** Per family: a 50 MB body, an unknown path and a method the path does not take. */
    private static List<Probe> familyProbes(List<Operation> operations) {
        List<Probe> probes = new ArrayList<>();
        Set<Family> sized = new LinkedHashSet<>();
        Set<Family> seen = new LinkedHashSet<>();
        for (Operation op : operations) {
            Map<String, String> path = baseline(op, "path");
            Map<String, String> query = baseline(op, "query");
            Map<String, String> headers = baseline(op, "header");
            if (op.body() != null && sized.add(op.family())) {
                byte[] huge = ("{\"a\": \"" + "x".repeat(50 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
                probes.add(probe(op, "50 MB body", path, query, headers, huge));
            }
            if (seen.add(op.family())) {
                Probe unknown = probe(op, "unknown path", path, Map.of(), headers, null);
                String parent = unknown.target().substring(0, unknown.target().lastIndexOf('/') + 1);
                probes.add(new Probe(op, unknown.what(), "POST", parent + "no-such-api-fuzz", unknown.headers(), null,
                        unknown.signed()));
                Probe other = probe(op, "a method the path does not take", path, query, headers, null);
                probes.add(new Probe(op, other.what(), op.method().equals("patch") ? "TRACE" : "PATCH", other.target(),
                        other.headers(), null, other.signed()));
            }
        }
        return probes;
    }

    private static Map<String, String> baseline(Operation op, String in) {
        Map<String, String> values = new LinkedHashMap<>();
        if (in.equals("header")) {
            if (op.family().usesToken()) {
                values.put("token", NodeIT.ADMIN_TOKEN);
            }
            values.put("Content-Type", "application/json");
        }
        for (Param param : op.params()) {
            if (param.in().equals(in) && !(in.equals("header") && param.name().equals("token"))) {
                values.put(param.name(), switch (param.type()) {
                    case "integer", "number" -> in.equals("path") ? "987654321" : "1";
                    case "boolean" -> "true";
                    default -> in.equals("path") ? "fuzz-unknown" : "fuzz";
                });
            }
        }
        return values;
    }

    private static Map<String, String> withoutToken(Map<String, String> headers) {
        Map<String, String> without = new LinkedHashMap<>(headers);
        without.remove("token");
        return without;
    }

    private static Probe probe(Operation op, String what, Map<String, String> path, Map<String, String> query,
            Map<String, String> headers, byte[] body) {
        String target = op.path();
        for (Map.Entry<String, String> value : path.entrySet()) {
            target = target.replace("{" + value.getKey() + "}", value.getValue());
        }
        StringBuilder withQuery = new StringBuilder(target);
        query.forEach((name, value) -> withQuery.append(withQuery.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(value));
        return new Probe(op, what, op.method().toUpperCase(Locale.ROOT), withQuery.toString(), headers, body,
                op.signed());
    }

    /** Paths of the body's leaves, depth first, at most {@link #FIELDS_PER_BODY}. */
    private static List<String> fields(JsonNode body) {
        List<String> fields = new ArrayList<>();
        collect(body, "", fields);
        return fields.subList(0, Math.min(FIELDS_PER_BODY, fields.size()));
    }

    private static void collect(JsonNode node, String at, List<String> fields) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(property -> collect(property.getValue(),
                    at.isEmpty() ? property.getKey() : at + "." + property.getKey(), fields));
        } else if (node.isArray() && !node.isEmpty()) {
            collect(node.get(0), at + "[0]", fields);
        } else if (!at.isEmpty()) {
            fields.add(at);
        }
    }

    private static JsonNode leaf(JsonNode body, String field) {
        JsonNode node = body;
        for (String step : steps(field)) {
            node = step.startsWith("[") ? node.path(0) : node.path(step);
        }
        return node;
    }

    private static List<String> steps(String field) {
        List<String> steps = new ArrayList<>();
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            steps.add(bracket < 0 ? part : part.substring(0, bracket));
            for (int at = part.indexOf("[0]"); at >= 0; at = part.indexOf("[0]", at + 1)) {
                steps.add("[0]");
            }
        }
        steps.removeIf(String::isEmpty);
        return steps;
    }

    private static byte[] withField(JsonNode body, String field, String rawJson) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = copy;
        List<String> steps = steps(field);
        for (String step : steps.subList(0, steps.size() - 1)) {
            parent = step.startsWith("[") ? parent.get(0) : parent.get(step);
        }
        String last = steps.get(steps.size() - 1);
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(0, JsonNodeFactory.instance.stringNode(MARK));
        } else {
            ((ObjectNode) parent).put(last, MARK);
        }
        return bytes(Api.JSON.writeValueAsString(copy).replace("\"" + MARK + "\"", rawJson));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ sending and judging

    private static List<Outcome> send(List<Probe> probes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (Probe probe : probes) {
                pending.add(pool.submit(() -> new Outcome(probe, RawHttp.send(port, probe.method(), probe.target(),
                        probe.signed() ? signed(probe) : probe.headers(), probe.body()))));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : pending) {
                outcomes.add(outcome.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The BFIA headers of the fuzzing peer, signed over the request as sent (unless the probe forged one). */
    private static Map<String, String> signed(Probe probe) {
        Map<String, String> headers = new LinkedHashMap<>(probe.headers());
        headers.put(BfiaHeaders.SOURCE_NODE_ID, PEER_ID);
        headers.put(BfiaHeaders.TARGET_NODE_ID, NODE_ID);
        headers.put(BfiaHeaders.NONCE, UUID.randomUUID().toString());
        headers.put(BfiaHeaders.TIMESTAMP, Long.toString(TestClockConfiguration.CLOCK.millis()));
        headers.put(BfiaHeaders.TRACE_ID, "fuzz-" + UUID.randomUUID());
        headers.put(BfiaHeaders.CSRF_PROTECTION, "1");
        byte[] body = probe.body() == null ? new byte[0] : probe.body();
        String digest = CanonicalRequest.sha256Hex(body);
        headers.put(BfiaHeaders.CONTENT_SHA256, digest);
        if (!headers.containsKey(BfiaHeaders.AUTH_SIGN)) {
            int q = probe.target().indexOf('?');
            try {
                CanonicalRequest canonical = new CanonicalRequest(probe.method(),
                        q < 0 ? probe.target() : probe.target().substring(0, q), q < 0 ? "" : probe.target().substring(q + 1),
                        PEER_ID, NODE_ID, headers.get(BfiaHeaders.NONCE), headers.get(BfiaHeaders.TIMESTAMP),
                        headers.get(BfiaHeaders.TRACE_ID), null, digest);
                headers.put(BfiaHeaders.AUTH_SIGN, RequestSignature.sign(peerKey.getPrivate(), canonical));
            } catch (IllegalArgumentException notSignable) {
                // a query that is not percent-encoding cannot be signed: it goes unsigned
            }
        }
        return headers;
    }

    /** What is wrong with an answer: "5xx", "envelope", "stack trace", "echo"; empty when nothing is. */
    private static List<String> judge(Outcome outcome) {
        RawHttp.Answer answer = outcome.answer();
        Operation op = outcome.probe().operation();
        List<String> wrong = new ArrayList<>();
        String text = answer.text();
        JsonNode json = json(answer);
        int status = status(op, answer, json);
        if (status >= 500 && status < 600 && !upstreamFailure(status, json)) {
            wrong.add("5xx");
        }
        if (!inEnvelope(op, answer, json)) {
            wrong.add("envelope");
        }
        if (STACK_TRACE.matcher(text).find()) {
            wrong.add("stack trace");
        }
        if (refusal(op, answer, json) && (text.contains("x".repeat(200)) || text.contains("a".repeat(200)))) {
            wrong.add("echo");
        }
        return wrong;
    }

    /** Whether the answer refuses the request (a success may show what it stored). */
    private static boolean refusal(Operation op, RawHttp.Answer answer, JsonNode json) {
        if (answer.status() >= 400) {
            return true;
        }
        if (op.family().envelope == Envelope.TRANSPORT) {
            return !"E0000000000".equals(transportCode(answer, json));
        }
        if (json == null) {
            return false;
        }
        return switch (op.family().envelope) {
            case INFINITE -> !"General.Success".equals(json.path("code").asString());
            case DBC -> json.path("errcode").asInt() != 0;
            default -> json.path("code").asInt() != 0;
        };
    }

    /**
     * The status an answer reports: HTTP's, the code of FATE's HTTP 200 answers, the number of a
     * transport code ({@code E0000000500}: 500).
     */
    private static int status(Operation op, RawHttp.Answer answer, JsonNode json) {
        if (op.family().envelope == Envelope.TRANSPORT) {
            String code = transportCode(answer, json);
            return TRANSPORT_CODE.matcher(code).matches() ? Integer.parseInt(code.substring(8)) : answer.status();
        }
        if (op.family().envelope == Envelope.FATE && answer.status() == 200 && json != null
                && json.path("code").isInt()) {
            return json.path("code").asInt();
        }
        return answer.status();
    }

    /** A documented upstream failure: 502 or 504 whose message names the cause. */
    private static boolean upstreamFailure(int status, JsonNode json) {
        String message = json == null ? "" : json.path("msg").asString(json.path("message").asString(""));
        return (status == 502 || status == 504) && UPSTREAM_CAUSE.matcher(message).find() && !message.endsWith("null");
    }

    private static boolean inEnvelope(Operation op, RawHttp.Answer answer, JsonNode json) {
        if (op.family().envelope == Envelope.TRANSPORT) {
            return answer.status() == 200 && TRANSPORT_CODE.matcher(transportCode(answer, json)).matches();
        }
        if (json == null) {
            // a success that is not JSON is in its family's shape when the document says it answers that type
            return answer.status() / 100 == 2 && op.answerTypes().contains(answer.contentType());
        }
        return switch (op.family().envelope) {
            case INFINITE -> json.path("code").isString() && json.path("code").asString().startsWith("General.")
                    && json.has("msg");
            case INTEROP -> json.path("code").isInt() && json.path("message").isString();
            case BFIA, FATE -> json.path("code").isInt() && json.has("msg");
            case DBC -> json.path("errcode").isInt() && json.path("message").isString();
            case TRANSPORT -> false;
        };
    }

    private static JsonNode json(RawHttp.Answer answer) {
        if (!answer.contentType().equals("application/json")) {
            return null;
        }
        try {
            JsonNode json = Api.JSON.readTree(answer.body());
            return json.isObject() ? json : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** The code of a transport answer, JSON or a protobuf TransportOutbound (field 2). */
    private static String transportCode(RawHttp.Answer answer, JsonNode json) {
        if (json != null) {
            return json.path("code").asString("");
        }
        if (!answer.contentType().equals("application/x-protobuf")) {
            return "";
        }
        CodedInputStream in = CodedInputStream.newInstance(answer.body());
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 2) {
                    return in.readString();
                }
                in.skipField(tag);
            }
        } catch (IOException notProtobuf) {
            return "";
        }
        return "";
    }

    private static String describe(Outcome outcome, List<String> wrong) {
        Probe probe = outcome.probe();
        String text = outcome.answer().text().replaceAll("\\s+", " ");
        return probe.operation().label() + " [" + probe.what() + "] " + wrong + ": HTTP " + outcome.answer().status()
                + " " + outcome.answer().contentType() + " " + (text.length() > 240 ? text.substring(0, 240) + "…" : text);
    }

    private static void print(Map<Family, int[]> table, int total) {
        StringBuilder out = new StringBuilder("\nHostile input: " + total + " requests\n\n")
                .append("| family | requests | 5xx | answers outside the family's envelope | stack traces or exception "
                        + "names | long echoes |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Family family : Family.values()) {
            int[] row = table.getOrDefault(family, new int[5]);
            out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d |%n", family.title, row[0], row[1],
                    row[2], row[3], row[4]));
        }
        System.out.println(out);
    }

    private static void assertHealthy() {
        Api api = new Api(port);
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        Api.Response users = api.get("/admin/users", NodeIT.ADMIN_TOKEN);
        assertThat(users.code()).as(users.text()).isEqualTo("General.Success");
        String name = "after-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", name, "displayName", name));
        assertThat(created.code()).as(created.text()).isEqualTo("General.Success");
        assertThat(created.data().path("name").asString()).isEqualTo(name);
    }
}
