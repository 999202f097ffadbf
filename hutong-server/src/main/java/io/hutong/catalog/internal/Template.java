package io.hutong.catalog.internal;

import io.hutong.web.Violations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task template: parameters with their defaults and steps. A {@code training} step runs a
 * registered component on a pack or this node (as a one-party BFIA job) and/or a DBC VM; a
 * {@code bfia} step is a DAG and config whose {@code ${party}} placeholders become the chosen
 * nodes. {@code ${parameter}} placeholders anywhere become parameter values.
 */
record Template(String id, String name, ObjectNode parameters, List<Step> steps, JsonNode body) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    enum Kind { TRAINING, BFIA }

    /**
     * One step, or one party of a BFIA step, that needs an instance.
     *
     * @param party null for a training step
     * @param initiator the BFIA party that creates the job: always this node
     */
    record Slot(String step, String party, boolean initiator, Requirement requirement, Set<Provider> providers) {

        String label() {
            return party == null ? step : step + "." + party;
        }
    }

    record Step(String name, Kind kind, List<Slot> slots, JsonNode component, JsonNode vm, JsonNode dag,
            JsonNode config) {
    }

    List<Slot> slots() {
        return steps.stream().flatMap(s -> s.slots().stream()).toList();
    }

    /** Reads and checks a template; every broken rule goes to {@code violations} under {@code field}. */
    static Template parse(JsonNode body, String field, Violations violations) {
        int before = violations.size();
        if (body == null || !body.isObject()) {
            violations.add(field, "type(object)");
            return null;
        }
        String id = body.path("id").asString("");
        if (!ID.matcher(id).matches()) {
            violations.add(field + ".id", "pattern([a-z0-9][a-z0-9-]{0,62})");
        }
        String name = body.path("name").asString(id);
        JsonNode params = body.get("parameters");
        if (params != null && !params.isNull() && !params.isObject()) {
            violations.add(field + ".parameters", "type(object)");
        }
        ObjectNode parameters = params != null && params.isObject() ? (ObjectNode) params.deepCopy()
                : NODES.objectNode();
        JsonNode stepsNode = body.get("steps");
        List<Step> steps = new ArrayList<>();
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty() || stepsNode.size() > 16) {
            violations.add(field + ".steps", "size(1,16)");
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < stepsNode.size(); i++) {
                Step step = step(stepsNode.get(i), field + ".steps[" + i + "]", parameters, violations);
                if (step != null && !names.add(step.name())) {
                    violations.add(field + ".steps[" + i + "].name", "unique");
                }
                steps.add(step);
            }
        }
        return violations.size() == before ? new Template(id, name, parameters, steps, body) : null;
    }

    private static Step step(JsonNode node, String field, ObjectNode parameters, Violations violations) {
        if (!node.isObject()) {
            violations.add(field, "type(object)");
            return null;
        }
        String name = node.path("name").asString("");
        if (!NAME.matcher(name).matches()) {
            violations.add(field + ".name", "pattern([A-Za-z][A-Za-z0-9_-]{0,63})");
        }
        String kind = node.path("kind").asString("");
        if (kind.equals("training")) {
            JsonNode component = node.get("component");
            JsonNode vm = node.get("vm");
            Set<Provider> providers = EnumSet.noneOf(Provider.class);
            if (component != null && !component.isNull()) {
                for (String key : List.of("componentName", "version", "provider")) {
                    if (!component.path(key).isString()) {
                        violations.add(field + ".component." + key, "notBlank");
                    }
                }
                providers.add(Provider.PACK);
                providers.add(Provider.LOCAL);
            }
            if (vm != null && !vm.isNull()) {
                if (!vm.path("image").isString()) {
                    violations.add(field + ".vm.image", "notBlank");
                }
                providers.add(Provider.DBC);
            }
            if (providers.isEmpty()) {
                violations.add(field, "oneOf(component,vm)");
            }
            placeholders(node, field, parameters.propertyNames(), violations);
            Requirement requirement = Requirement.parse(node.get("resources"), field + ".resources", violations);
            return new Step(name, Kind.TRAINING, List.of(new Slot(name, null, false, requirement, providers)), component, vm,
                    null, null);
        }
        if (kind.equals("bfia")) {
            JsonNode parties = node.get("parties");
            List<Slot> slots = new ArrayList<>();
            int initiators = 0;
            if (parties == null || !parties.isObject() || parties.isEmpty()) {
                violations.add(field + ".parties", "notEmpty");
            } else {
                for (Map.Entry<String, JsonNode> party : parties.properties()) {
                    boolean initiator = party.getValue().path("initiator").asBoolean(false);
                    initiators += initiator ? 1 : 0;
                    Set<Provider> providers = initiator ? EnumSet.of(Provider.LOCAL)
                            : EnumSet.of(Provider.LOCAL, Provider.PEER);
                    slots.add(new Slot(name, party.getKey(), initiator, Requirement.parse(party.getValue().get("resources"),
                            field + ".parties." + party.getKey() + ".resources", violations), providers));
                }
                if (initiators != 1) {
                    violations.add(field + ".parties", "oneInitiator");
                }
            }
            for (String key : List.of("dag", "config")) {
                if (!node.path(key).isObject()) {
                    violations.add(field + "." + key, "type(object)");
                }
            }
            Set<String> known = new LinkedHashSet<>(parameters.propertyNames());
            if (parties != null && parties.isObject()) {
                known.addAll(parties.propertyNames());
            }
            placeholders(node, field, known, violations);
            return new Step(name, Kind.BFIA, slots, null, null, node.get("dag"), node.get("config"));
        }
        violations.add(field + ".kind", "oneOf(training,bfia)");
        return null;
    }

    /** Every {@code ${name}} must name a parameter (or, in a BFIA step, a party). */
    private static void placeholders(JsonNode node, String field, Collection<String> known,
            Violations violations) {
        Set<String> unknown = new LinkedHashSet<>();
        collect(node, known, unknown);
        unknown.forEach(name -> violations.add(field, "placeholder(${" + name + "} names no parameter or party)"));
    }

    private static void collect(JsonNode node, Collection<String> known, Set<String> unknown) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            while (m.find()) {
                if (!known.contains(m.group(1))) {
                    unknown.add(m.group(1));
                }
            }
        } else if (node.isContainer()) {
            node.forEach(child -> collect(child, known, unknown));
        }
    }

    /**
     * A copy of {@code node} with every placeholder replaced: a string that is exactly one
     * placeholder takes the value's JSON type (a number stays a number), others get its text.
     */
    static JsonNode fill(JsonNode node, Map<String, JsonNode> values) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            String text = node.asString();
            Matcher whole = PLACEHOLDER.matcher(text);
            if (whole.matches() && values.containsKey(whole.group(1))) {
                return values.get(whole.group(1)).deepCopy();
            }
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode value = values.get(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group()
                        : value.isString() ? value.asString() : value.toString()));
            }
            m.appendTail(out);
            return NODES.stringNode(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), fill(e.getValue(), values)));
            return copy;
        }
        if (node.isArray()) {
            var copy = NODES.arrayNode();
            node.forEach(child -> copy.add(fill(child, values)));
            return copy;
        }
        return node.deepCopy();
    }

    /** The template's defaults overlaid with {@code given}; names that are no parameter are refused. */
    Map<String, JsonNode> parameters(JsonNode given, String field, Violations violations) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        parameters.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                violations.add(field, "type(object)");
            } else {
                for (Map.Entry<String, JsonNode> e : given.properties()) {
                    if (!values.containsKey(e.getKey())) {
                        violations.add(field + "." + e.getKey(), "unknown(" + String.join(",", values.keySet()) + ")");
                    } else {
                        values.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return values;
    }
}
