package io.hutong.interconn.internal;

import io.hutong.component.Components;
import io.hutong.component.RegisteredComponent;
import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import io.hutong.web.Violations;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a job's DAG and config against each other and the component registry, and works
 * out the tasks and who takes part in each. Every failure names the component and the rule.
 */
@Component
class JobPlanner {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,5}");
    private static final Pattern OUTPUT_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Components components;

    JobPlanner(Components components) {
        this.components = components;
    }

    /** Finds the registered component a task of the DAG runs. */
    interface Resolver {
        Optional<RegisteredComponent> resolve(String taskName, Dag.Component component);
    }

    /** A new job's plan, its components resolved in this node's registry as it is now. */
    JobPlan plan(Dag dag, JobConfig config, JsonNode dagJson, JsonNode configJson) {
        return plan(dag, config, dagJson, configJson, (name, component) -> resolve(component));
    }

    JobPlan plan(Dag dag, JobConfig config, JsonNode dagJson, JsonNode configJson, Resolver resolver) {
        Violations v = new Violations();
        if (!v.require("dag", dag) | !v.require("config", config)) {
            v.throwIfAny();
        }
        checkConfig(config, v);
        if (!v.require("dag.components", dag.components()) || dag.components().isEmpty()) {
            v.add("dag.components", "notEmpty");
            v.throwIfAny();
        }
        Map<String, Dag.Component> byName = new LinkedHashMap<>();
        for (int i = 0; i < dag.components().size(); i++) {
            Dag.Component component = dag.components().get(i);
            String at = "dag.components[" + i + "]";
            if (!v.require(at, component)) {
                continue;
            }
            String field = component.name() == null ? at : "dag.components." + component.name();
            if (v.requireText(at + ".name", component.name())) {
                if (!NAME.matcher(component.name()).matches()) {
                    v.add(field + ".name", "pattern([A-Za-z0-9_-]+)");
                } else if (byName.putIfAbsent(component.name(), component) != null) {
                    v.add(field + ".name", "unique");
                }
            }
            v.requireText(field + ".componentName", component.resolvedName());
            v.requireText(field + ".version", component.version());
            if (blank(component.provider()) && blank(component.code())) {
                v.add(field + ".provider", "notBlank");
            }
            Set<String> keys = new HashSet<>();
            for (int o = 0; o < component.outputs().size(); o++) {
                Dag.Port port = component.outputs().get(o);
                String out = field + ".output[" + o + "]";
                if (v.require(out, port) && v.requireText(out + ".key", port.key())) {
                    if (!OUTPUT_KEY.matcher(port.key()).matches()) {
                        // a unit's output is stored under it
                        v.add(out + ".key", "pattern([A-Za-z0-9_-]{1,64})");
                    } else if (!keys.add(port.key())) {
                        v.add(out + ".key", "unique");
                    }
                }
                if (port != null) {
                    v.requireText(out + ".type", port.type());
                }
            }
        }
        v.throwIfAny();

        Map<String, List<String>> upstream = new LinkedHashMap<>();
        for (Dag.Component component : byName.values()) {
            List<String> ups = new ArrayList<>();
            for (int i = 0; i < component.inputs().size(); i++) {
                String field = "dag.components." + component.name() + ".input[" + i + "]";
                Dag.Port port = component.inputs().get(i);
                if (!v.require(field, port) || !v.requireText(field + ".key", port.key())) {
                    continue;
                }
                int dot = port.key().indexOf('.');
                String upName = dot < 0 ? port.key() : port.key().substring(0, dot);
                String outKey = dot < 0 ? "" : port.key().substring(dot + 1);
                Dag.Component up = byName.get(upName);
                if (dot < 0 || up == null || upName.equals(component.name())) {
                    v.add(field + ".key", "upstream(<component name>.<output key> of another component; "
                            + port.key() + " names none)");
                    continue;
                }
                Optional<Dag.Port> output = up.outputs().stream().filter(o -> outKey.equals(o.key())).findFirst();
                if (output.isEmpty()) {
                    v.add(field + ".key", "upstream(" + upName + " has no output " + outKey + ")");
                } else if (port.type() != null && !port.type().equals(output.get().type())) {
                    v.add(field + ".type", "sameType(" + upName + "." + outKey + " is " + output.get().type() + ")");
                } else if (!ups.contains(upName)) {
                    ups.add(upName);
                }
            }
            upstream.put(component.name(), ups);
        }
        v.throwIfAny();
        List<String> order = dependencyOrder(upstream, v);
        v.throwIfAny();

        checkTaskParams(config, byName.keySet(), v);
        List<JobPlan.Task> tasks = new ArrayList<>();
        for (String name : order) {
            Dag.Component component = byName.get(name);
            String field = "dag.components." + name;
            Optional<RegisteredComponent> registered = resolver.resolve(name, component);
            if (registered.isEmpty()) {
                v.add(field + ".componentName", "registered(" + component.resolvedName() + " " + component.version()
                        + " " + (blank(component.provider()) ? component.code() : component.provider())
                        + " is not registered)");
                continue;
            }
            List<JobPlan.Unit> units = units(name, registered.get().roles(), config);
            if (units.isEmpty()) {
                v.add(field, "parties(no party of the config plays one of its roles " + registered.get().roles() + ")");
            }
            tasks.add(new JobPlan.Task(name, component, registered.get(), upstream.get(name), units));
        }
        v.throwIfAny();
        return new JobPlan(dag, config, List.copyOf(tasks), dagJson, configJson);
    }

    private Optional<RegisteredComponent> resolve(Dag.Component component) {
        String provider = blank(component.provider()) ? component.code() : component.provider();
        Optional<RegisteredComponent> exact = components.find(component.resolvedName(), component.version(), provider);
        if (exact.isPresent() || !blank(component.provider())) {
            return exact;
        }
        return components.findOnly(component.resolvedName(), component.version());
    }

    /**
     * Parties take part when the component supports their role, narrowed, role by role, to those
     * whose {@code task_params.<role>.<index>} names the component when any party of that role does.
     */
    private static List<JobPlan.Unit> units(String name, List<String> roles, JobConfig config) {
        List<JobPlan.Unit> units = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : config.role().entrySet()) {
            String role = entry.getKey();
            if (!roles.contains(role)) {
                continue;
            }
            JsonNode byIndex = config.task_params() == null ? null : config.task_params().path(role);
            Set<Integer> named = new HashSet<>();
            for (int i = 0; i < entry.getValue().size(); i++) {
                if (byIndex != null && byIndex.path(Integer.toString(i)).has(name)) {
                    named.add(i);
                }
            }
            for (int i = 0; i < entry.getValue().size(); i++) {
                if (named.isEmpty() || named.contains(i)) {
                    units.add(new JobPlan.Unit(role, i, entry.getValue().get(i)));
                }
            }
        }
        return units;
    }

    private static void checkConfig(JobConfig config, Violations v) {
        if (v.require("config.initiator", config.initiator())) {
            v.requireText("config.initiator.role", config.initiator().role());
            v.requireText("config.initiator.node_id", config.initiator().node_id());
        }
        if (!v.require("config.role", config.role())) {
            return;
        }
        if (config.role().isEmpty()) {
            v.add("config.role", "notEmpty");
        }
        config.role().forEach((role, nodes) -> {
            if (!Components.ROLES.contains(role)) {
                v.add("config.role." + role, "oneOf(guest,host,arbiter)");
            }
            if (nodes == null || nodes.isEmpty()) {
                v.add("config.role." + role, "notEmpty");
                return;
            }
            for (int i = 0; i < nodes.size(); i++) {
                v.requireText("config.role." + role + "[" + i + "]", nodes.get(i));
            }
        });
        JobConfig.Initiator initiator = config.initiator();
        if (initiator != null && !blank(initiator.role()) && !blank(initiator.node_id())) {
            List<String> nodes = config.role().get(initiator.role());
            if (nodes == null || !nodes.contains(initiator.node_id())) {
                v.add("config.initiator.node_id", "partyOf(config.role." + initiator.role() + ")");
            }
        }
        if (!List.of("callback", "poll").contains(config.syncType())) {
            v.add("config.job_params.common.sync_type", "oneOf(callback,poll)");
        }
        JsonNode timeout = config.job_params() == null ? null : config.job_params().path("common").get("task_timeout");
        if (timeout != null && !timeout.isNull() && config.taskTimeout() == null) {
            v.add("config.job_params.common.task_timeout", "seconds(a whole number from 1)");
        }
    }

    private static void checkTaskParams(JobConfig config, Set<String> names, Violations v) {
        JsonNode params = config.task_params();
        if (params == null || params.isNull()) {
            return;
        }
        if (!params.isObject()) {
            v.add("config.task_params", "type(object)");
            return;
        }
        params.properties().forEach(roleEntry -> {
            String role = roleEntry.getKey();
            String field = "config.task_params." + role;
            if (role.equals("common")) {
                roleEntry.getValue().propertyNames().forEach(component -> {
                    if (!names.contains(component)) {
                        v.add(field + "." + component, "component(no component of the DAG is named " + component + ")");
                    }
                });
                return;
            }
            List<String> nodes = config.role() == null ? null : config.role().get(role);
            if (nodes == null) {
                v.add(field, "role(config.role has no " + role + ")");
                return;
            }
            roleEntry.getValue().properties().forEach(indexEntry -> {
                String index = indexEntry.getKey();
                if (!INDEX.matcher(index).matches() || Integer.parseInt(index) >= nodes.size()) {
                    v.add(field + "." + index, "index(0.." + (nodes.size() - 1) + ")");
                    return;
                }
                indexEntry.getValue().propertyNames().forEach(component -> {
                    if (!names.contains(component)) {
                        v.add(field + "." + index + "." + component,
                                "component(no component of the DAG is named " + component + ")");
                    }
                });
            });
        });
    }

    /** Kahn's algorithm; components left over form a cycle. */
    private static List<String> dependencyOrder(Map<String, List<String>> upstream, Violations v) {
        Map<String, Integer> waiting = new HashMap<>();
        upstream.forEach((name, ups) -> waiting.put(name, ups.size()));
        Deque<String> ready = new ArrayDeque<>();
        upstream.keySet().stream().filter(name -> waiting.get(name) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            order.add(name);
            upstream.forEach((other, ups) -> {
                if (ups.contains(name) && waiting.merge(other, -1, Integer::sum) == 0) {
                    ready.add(other);
                }
            });
        }
        if (order.size() < upstream.size()) {
            upstream.keySet().stream().filter(name -> !order.contains(name))
                    .forEach(name -> v.add("dag.components." + name + ".input", "acyclic(it depends on itself "
                            + "through its inputs)"));
        }
        return order;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
