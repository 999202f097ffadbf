package io.hutong.support.standin;

import io.hutong.support.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How Kuscia reads a request body into its interconn protos ({@code proto/api/v1/interconn}):
 * protojson with unknown fields dropped, proto or lowerCamel names, JSON {@code null} as unset, and
 * a value of the wrong type failing the whole request (then in the words of Go's encoding/json,
 * which it falls back to).
 */
final class KusciaProto {

    enum Kind { STRING, MESSAGE, STRUCT, STRINGS, MESSAGES }

    record Field(String name, Kind kind, Message message) {
    }

    /** A proto message: its Go type name and its fields by proto name. */
    record Message(String type, Map<String, Field> fields) {
    }

    /** The request could not be bound; Kuscia answers {@code {"code": 400, "message": …}}. */
    static final class Unbindable extends RuntimeException {

        Unbindable(String message) {
            super(message);
        }
    }

    static final Message IO = message("ComponentIO", string("type"), string("key"));
    static final Message COMPONENT = message("Component", string("code"), string("name"), string("module_name"),
            string("version"), messages("input", IO), messages("output", IO));
    static final Message DAG = message("DAG", string("version"), messages("components", COMPONENT));
    static final Message ROLE = message("ConfigRole", strings("arbiter"), strings("host"), strings("guest"));
    static final Message INITIATOR = message("ConfigInitiator", string("role"), string("node_id"));
    static final Message PARAMS = message("ConfigParams", struct("host"), struct("arbiter"), struct("guest"),
            struct("common"));
    static final Message CONFIG = message("Config", nested("role", ROLE), nested("initiator", INITIATOR),
            nested("job_params", PARAMS), nested("task_params", PARAMS), string("version"));
    static final Message CREATE_JOB = message("CreateJobRequest", string("job_id"), string("flow_id"),
            nested("dag", DAG), nested("config", CONFIG));
    static final Message START_JOB = message("StartJobRequest", string("job_id"));
    static final Message STOP_JOB = message("StopJobRequest", string("job_id"));
    static final Message START_TASK = message("StartTaskRequest", string("task_id"), string("job_id"),
            string("task_name"));
    static final Message STOP_TASK = message("StopTaskRequest", string("task_id"));
    static final Message POLL_TASK = message("PollTaskStatusRequest", string("task_id"), string("role"));

    private KusciaProto() {
    }

    /**
     * The request's body as the proto {@code message}, with proto names and only the fields set.
     * Bodies are bound as JSON only for an empty, {@code text/plain} or {@code application/json…}
     * Content-Type; any other leaves the message empty.
     */
    static ObjectNode bind(Received request, Message message) {
        String contentType = request.header("Content-Type");
        if (contentType != null && !contentType.isEmpty() && !contentType.equals("text/plain")
                && !contentType.startsWith("application/json")) {
            return Api.JSON.createObjectNode();
        }
        if (request.body().isBlank()) {
            throw new Unbindable("EOF");
        }
        JsonNode json;
        try {
            json = Api.JSON.readTree(request.body());
        } catch (RuntimeException e) {
            throw new Unbindable("invalid character looking for beginning of value");
        }
        if (!json.isObject()) {
            throw new Unbindable("json: cannot unmarshal " + jsonType(json) + " into Go value of type interconn."
                    + message.type());
        }
        return read((ObjectNode) json, message, message.type());
    }

    private static ObjectNode read(ObjectNode json, Message message, String path) {
        ObjectNode bound = Api.JSON.createObjectNode();
        for (Field field : message.fields().values()) {
            JsonNode value = json.has(field.name()) ? json.get(field.name()) : json.get(camel(field.name()));
            if (value == null || value.isNull()) {
                continue;
            }
            String at = path + "." + field.name();
            switch (field.kind()) {
                case STRING -> bound.set(field.name(), expect(value, value.isString(), at, "string"));
                case STRUCT -> bound.set(field.name(), expect(value, value.isObject(), at, "structpb.Struct"));
                case MESSAGE -> bound.set(field.name(),
                        read((ObjectNode) expect(value, value.isObject(), at, field.message().type()),
                                field.message(), at));
                case STRINGS -> {
                    expect(value, value.isArray(), at, "[]string");
                    value.forEach(item -> expect(item, item.isString(), at, "string"));
                    bound.set(field.name(), value);
                }
                case MESSAGES -> {
                    expect(value, value.isArray(), at, "[]*interconn." + field.message().type());
                    ArrayNode items = bound.putArray(field.name());
                    value.forEach(item -> items.add(read(
                            (ObjectNode) expect(item, item.isObject(), at, field.message().type()), field.message(), at)));
                }
            }
        }
        return bound;
    }

    private static JsonNode expect(JsonNode value, boolean ok, String path, String goType) {
        if (!ok) {
            throw new Unbindable("json: cannot unmarshal " + jsonType(value) + " into Go struct field " + path
                    + " of type " + goType);
        }
        return value;
    }

    private static String jsonType(JsonNode value) {
        if (value.isString()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String camel(String protoName) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : protoName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Message message(String type, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field field : fields) {
            byName.put(field.name(), field);
        }
        return new Message(type, byName);
    }

    private static Field string(String name) {
        return new Field(name, Kind.STRING, null);
    }

    private static Field strings(String name) {
        return new Field(name, Kind.STRINGS, null);
    }

    private static Field struct(String name) {
        return new Field(name, Kind.STRUCT, null);
    }

    private static Field nested(String name, Message message) {
        return new Field(name, Kind.MESSAGE, message);
    }

    private static Field messages(String name, Message message) {
        return new Field(name, Kind.MESSAGES, message);
    }
}
