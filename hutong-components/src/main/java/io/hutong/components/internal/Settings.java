package io.hutong.components.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run of Intersection takes from the container environment; every missing or bad value is
 * refused with the key and the rule it breaks.
 *
 * @param output where the result is written; null where it is the peer's only
 * @param fieldNames the key columns; empty: the dataset's first column
 * @param resultToRank the rank that learns the intersection, -1 for both
 */
record Settings(String selfParty, String peerParty, int self, int peer, Transport.Address address, Path input,
        String inputName, Path output, String outputName, List<String> fieldNames, int resultToRank, Suite suite,
        boolean handshake, Duration timeout) {

    static final String PARAMETER = "runtime.component.parameter.";
    private static final String NODE_ID = "config.node_id.";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Settings from(Map<String, String> env) {
        List<String> parties = new ArrayList<>();
        env.keySet().stream().filter(key -> key.startsWith(NODE_ID)).forEach(key -> parties.add(key.substring(NODE_ID.length())));
        // yacl's ranks: the party ids in byte order
        parties.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        if (parties.size() != 2) {
            throw new ComponentFailure("config.node_id.*: ECDH-PSI takes exactly 2 parties, the task names "
                    + parties.size() + " " + parties);
        }
        String selfParty = required(env, "config.self_role");
        int self = parties.indexOf(selfParty);
        if (self < 0) {
            throw new ComponentFailure("config.self_role: one of " + parties + ", got " + selfParty);
        }
        int peer = 1 - self;
        String peerParty = parties.get(peer);
        String selfNode = required(env, NODE_ID + selfParty);
        String peerNode = required(env, NODE_ID + peerParty);
        Transport.Address address = new Transport.Address(required(env, "system.transport"),
                required(env, "config.session_id"), env.getOrDefault("config.token", ""),
                env.getOrDefault("config.trace_id", ""), selfNode, peerNode,
                env.getOrDefault("config.inst_id." + selfParty, selfNode),
                env.getOrDefault("config.inst_id." + peerParty, peerNode), selfParty + "-" + peerParty,
                peerParty + "-" + selfParty);

        int resultToRank = resultToRank(parameter(env, "result_to", "all"), parties);
        boolean due = resultToRank < 0 || resultToRank == self;
        Path root = storage(required(env, "system.storage"));
        String[] input = data(env, "runtime.component.input.train_data");
        String[] output = due ? data(env, "runtime.component.output.train_data") : null;

        String curve = parameter(env, "curve_type", "curve25519").toLowerCase(Locale.ROOT);
        Suite suite = switch (curve) {
            case "curve25519" -> new Curve25519Suite(X25519.Engine.fastest());
            case "sm2" -> new Sm2Suite();
            default -> throw new ComponentFailure(PARAMETER + "curve_type: one of curve25519, sm2; got " + curve);
        };
        String hash = parameter(env, "hash_type", "sha256").toLowerCase(Locale.ROOT);
        if (!hash.equals("sha256") && !hash.equals("sha_256")) {
            throw new ComponentFailure(PARAMETER + "hash_type: sha256 (the standard's suites for both curves); got " + hash);
        }
        String handshake = parameter(env, "handshake", "true").toLowerCase(Locale.ROOT);
        if (!handshake.equals("true") && !handshake.equals("false")) {
            throw new ComponentFailure(PARAMETER + "handshake: true or false; got " + handshake);
        }
        return new Settings(selfParty, peerParty, self, peer, address, file(root, input), input[0] + "/" + input[1],
                output == null ? null : file(root, output), output == null ? null : output[0] + "/" + output[1],
                fieldNames(parameter(env, "field_names", "")), resultToRank, suite, handshake.equals("true"),
                Duration.ofSeconds(seconds(parameter(env, "timeout", "30"))));
    }

    private static int resultToRank(String value, List<String> parties) {
        String role = value.toLowerCase(Locale.ROOT);
        if (role.equals("all")) {
            return -1;
        }
        if (!role.equals("guest") && !role.equals("host")) {
            throw new ComponentFailure(PARAMETER + "result_to: one of all, guest, host; got " + value);
        }
        List<Integer> ranks = new ArrayList<>();
        for (int rank = 0; rank < parties.size(); rank++) {
            if (parties.get(rank).startsWith(role + ".")) {
                ranks.add(rank);
            }
        }
        if (ranks.size() != 1) {
            throw new ComponentFailure(PARAMETER + "result_to: " + role + " must be one party of the task, which has "
                    + parties);
        }
        return ranks.get(0);
    }

    /** {@code file://<root>}, read as SecretFlow reads it, percent-escapes decoded. */
    private static Path storage(String value) {
        if (!value.startsWith("file://")) {
            throw new ComponentFailure("system.storage: file://<directory> (the only storage this component reads), got "
                    + value);
        }
        String path = value.substring("file://".length());
        try {
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ComponentFailure("system.storage: a malformed percent-escape in " + value);
        }
        return Path.of(path.startsWith("/") ? path : "/" + path).normalize();
    }

    /** A dataset's {@code {"namespace", "name"}}, each a safe file name. */
    private static String[] data(Map<String, String> env, String key) {
        String value = required(env, key);
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JacksonException e) {
            throw new ComponentFailure(key + ": JSON {\"namespace\": …, \"name\": …}, got " + value);
        }
        String[] parts = new String[2];
        String[] fields = {"namespace", "name"};
        for (int i = 0; i < 2; i++) {
            JsonNode field = json.path(fields[i]);
            String text = field.isString() ? field.asString() : "";
            if (text.isBlank() || text.equals(".") || text.equals("..") || text.contains("/") || text.contains("\\")
                    || text.indexOf('\0') >= 0) {
                throw new ComponentFailure(key + ": " + fields[i] + " must be a file name (no / \\ or ..), got " + value);
            }
            parts[i] = text;
        }
        return parts;
    }

    private static Path file(Path root, String[] data) {
        return root.resolve(data[0]).resolve(data[1]);
    }

    /** {@code id,name} or a JSON list of names. */
    private static List<String> fieldNames(String value) {
        List<String> names = new ArrayList<>();
        if (value.startsWith("[")) {
            try {
                for (JsonNode name : JSON.readTree(value)) {
                    names.add(name.isString() ? name.asString().strip() : "");
                }
            } catch (JacksonException e) {
                throw new ComponentFailure(PARAMETER + "field_names: column names separated by commas, or a JSON list; got "
                        + value);
            }
        } else if (!value.isEmpty()) {
            Arrays.stream(value.split(",", -1)).map(String::strip).forEach(names::add);
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            if (name.isEmpty()) {
                throw new ComponentFailure(PARAMETER + "field_names: no empty column name, got " + value);
            }
            if (!seen.add(name)) {
                throw new ComponentFailure(PARAMETER + "field_names: column '" + name + "' is named twice in " + value);
            }
        }
        return List.copyOf(names);
    }

    private static long seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ComponentFailure(PARAMETER + "timeout: whole seconds in [1, 3600], got " + value);
    }

    private static String parameter(Map<String, String> env, String name, String otherwise) {
        String value = env.get(PARAMETER + name);
        return value == null || value.isBlank() ? otherwise : value.strip();
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new ComponentFailure(key + ": required");
        }
        return value;
    }
}
