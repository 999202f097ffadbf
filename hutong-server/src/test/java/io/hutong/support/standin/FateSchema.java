package io.hutong.support.standin;

import io.hutong.support.Api;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How FATE-Flow's BFIA adapter reads a request: its webargs arguments ({@code @API.Input.json},
 * checked one decorator at a time, first declared first) and its pydantic v1 {@code DagSchemaSpec}
 * ({@code adapter/bfia/utils/spec/job.py}), dumped again with {@code exclude_unset}.
 */
final class FateSchema {

    enum Type { STR, DICT, STRS, MODEL, MODELS }

    record Field(String name, Type type, boolean required, Model model) {
    }

    record Model(List<Field> fields) {
    }

    /** A webargs argument of the JSON body. */
    record Arg(String name, boolean required, boolean dict) {

        static Arg string(String name, boolean required) {
            return new Arg(name, required, false);
        }

        static Arg dict(String name) {
            return new Arg(name, true, true);
        }
    }

    /** Invalid arguments: webargs' {@code {field: [reason]}} under its location. */
    record Invalid(String location, String field, String reason) {
    }

    /** A pydantic ValidationError, in its Python repr. */
    static final class Unparsable extends RuntimeException {

        Unparsable(String repr) {
            super(repr);
        }
    }

    private static final Model DATA = model(field("key", Type.STR, true), field("type", Type.STR, true));
    private static final Model COMPONENT = model(field("name", Type.STR, true), field("componentName", Type.STR, true),
            field("provider", Type.STR, true), field("version", Type.STR, true), models("input", DATA, false),
            models("output", DATA, false));
    private static final Model DAG = model(models("components", COMPONENT, true), field("version", Type.STR, true));
    private static final Model INITIATOR = model(field("role", Type.STR, true), field("node_id", Type.STR, true));
    private static final Model ROLE = model(field("guest", Type.STRS, false), field("host", Type.STRS, false),
            field("arbiter", Type.STRS, false));
    private static final Model COMMON = model(field("sync_type", Type.STR, false));
    private static final Model JOB_PARAMS = model(nested("common", COMMON, false), field("guest", Type.DICT, false),
            field("host", Type.DICT, false), field("arbiter", Type.DICT, false));
    private static final Model TASK_PARAMS = model(field("common", Type.DICT, false), field("guest", Type.DICT, false),
            field("host", Type.DICT, false), field("arbiter", Type.DICT, false));
    private static final Model CONF = model(nested("initiator", INITIATOR, true), nested("role", ROLE, true),
            nested("job_params", JOB_PARAMS, true), nested("task_params", TASK_PARAMS, true),
            field("version", Type.STR, true));
    private static final Model BFIA_DAG = model(nested("config", CONF, true), nested("dag", DAG, true),
            field("flow_id", Type.STR, false), field("old_job_id", Type.STR, false));

    private FateSchema() {
    }

    /**
     * The first argument that fails (the body is read whatever its Content-Type; a body that is
     * not JSON reads as none), or {@code null}.
     */
    static Invalid check(JsonNode body, Arg... args) {
        for (Arg arg : args) {
            JsonNode value = body.isObject() ? body.get(arg.name()) : null;
            String reason = value == null ? arg.required() ? "Missing data for required field." : null
                    : value.isNull() ? "Field may not be null."
                    : arg.dict() && !value.isObject() ? "Not a valid mapping type."
                    : !arg.dict() && !value.isString() ? "Not a valid string." : null;
            if (reason != null) {
                return new Invalid("json", arg.name(), reason);
            }
        }
        return null;
    }

    /**
     * {@code BFIADagSpec(dag=…, config=…, flow_id=…, old_job_id=…)} as
     * {@code dict(exclude_unset=True)}: model field order, unknown fields gone, strings coerced
     * from numbers; a field given as {@code null} is set (and dumped as {@code null}).
     *
     * @param given the four fields as the handler passes them (absent: not passed)
     */
    static ObjectNode dagSchema(ObjectNode given) {
        List<String> errors = new ArrayList<>();
        ObjectNode dumped = read(given, BFIA_DAG, "'dag'", errors);
        if (!errors.isEmpty()) {
            throw new Unparsable("ValidationError(model='DagSchemaSpec', errors=[" + String.join(", ", errors) + "])");
        }
        return dumped;
    }

    private static ObjectNode read(JsonNode json, Model model, String loc, List<String> errors) {
        ObjectNode dumped = Api.JSON.createObjectNode();
        for (Field field : model.fields()) {
            String at = loc + ", '" + field.name() + "'";
            if (!json.has(field.name())) {
                if (field.required()) {
                    errors.add(error(at, "field required", "value_error.missing"));
                }
                continue;
            }
            JsonNode value = json.get(field.name());
            if (value.isNull()) {
                if (field.required()) {
                    errors.add(error(at, "none is not an allowed value", "type_error.none.not_allowed"));
                } else {
                    dumped.putNull(field.name());
                }
                continue;
            }
            switch (field.type()) {
                case STR -> {
                    if (value.isString() || value.isNumber()) {
                        dumped.put(field.name(), value.asString());
                    } else {
                        errors.add(error(at, "str type expected", "type_error.str"));
                    }
                }
                case DICT -> {
                    if (value.isObject()) {
                        dumped.set(field.name(), value);
                    } else {
                        errors.add(error(at, "value is not a valid dict", "type_error.dict"));
                    }
                }
                case MODEL -> {
                    if (value.isObject()) {
                        dumped.set(field.name(), read(value, field.model(), at, errors));
                    } else {
                        errors.add(error(at, "value is not a valid dict", "type_error.dict"));
                    }
                }
                case STRS, MODELS -> {
                    if (!value.isArray()) {
                        errors.add(error(at, "value is not a valid list", "type_error.list"));
                        continue;
                    }
                    ArrayNode items = dumped.putArray(field.name());
                    for (int i = 0; i < value.size(); i++) {
                        JsonNode item = value.get(i);
                        String itemAt = at + ", " + i;
                        if (field.type() == Type.MODELS && item.isObject()) {
                            items.add(read(item, field.model(), itemAt, errors));
                        } else if (field.type() == Type.STRS && (item.isString() || item.isNumber())) {
                            items.add(item.asString());
                        } else {
                            errors.add(field.type() == Type.MODELS
                                    ? error(itemAt, "value is not a valid dict", "type_error.dict")
                                    : error(itemAt, "str type expected", "type_error.str"));
                        }
                    }
                }
            }
        }
        return dumped;
    }

    private static String error(String loc, String msg, String type) {
        return "{'loc': (" + loc + "), 'msg': '" + msg + "', 'type': '" + type + "'}";
    }

    private static Model model(Field... fields) {
        return new Model(List.of(fields));
    }

    private static Field field(String name, Type type, boolean required) {
        return new Field(name, type, required, null);
    }

    private static Field nested(String name, Model model, boolean required) {
        return new Field(name, Type.MODEL, required, model);
    }

    private static Field models(String name, Model model, boolean required) {
        return new Field(name, Type.MODELS, required, model);
    }
}
