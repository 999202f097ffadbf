package io.hutong.interconn.internal;

import io.hutong.component.RegisteredComponent;
import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated job: its tasks in a dependency order, and for each task the party-roles that take
 * part, with the DAG and config as received. Every node computes the same plan from the same DAG
 * and config; each resolves the components in its own registry once, when the job is created
 * there, and keeps that resolution with the job ({@link #resolution()}).
 */
record JobPlan(Dag dag, JobConfig config, List<Task> tasks, JsonNode dagJson, JsonNode configJson) {

    /** The plan of a job a party could not plan: it takes part in nothing. */
    static final JobPlan UNPLANNED = new JobPlan(null, null, List.of(), null, null);

    /** One party-role: role, its index in {@code config.role.<role>}, and the node that plays it. */
    record Unit(String role, int roleIndex, String nodeId) {

        String label() {
            return role + "." + roleIndex;
        }
    }

    record Task(String name, Dag.Component component, RegisteredComponent registered, List<String> upstream,
            List<Unit> units) {

        Set<String> nodes() {
            Set<String> nodes = new LinkedHashSet<>();
            units.forEach(unit -> nodes.add(unit.nodeId()));
            return nodes;
        }

        List<Unit> unitsOf(String nodeId) {
            return units.stream().filter(unit -> unit.nodeId().equals(nodeId)).toList();
        }
    }

    Optional<Task> find(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    Set<String> taskNames() {
        Set<String> names = new LinkedHashSet<>();
        tasks.forEach(task -> names.add(task.name()));
        return names;
    }

    /** Every node that takes part in the job, in role order; the nodes of config.role. */
    Set<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        if (config != null) {
            config.role().values().forEach(nodes::addAll);
        }
        return nodes;
    }

    /** The node named in {@code job_params.common.coordinator}, else the initiator. */
    String schedulerNode() {
        return config.coordinator() != null ? config.coordinator() : config.initiator().node_id();
    }

    /** {@code job_params.common.task_timeout} (seconds); null when the job leaves it to the node. */
    Duration taskTimeout() {
        return config.taskTimeout();
    }

    /** The registered component each task runs, by task name: what this node resolved when it planned the job. */
    Map<String, RegisteredComponent> resolution() {
        Map<String, RegisteredComponent> resolved = new LinkedHashMap<>();
        tasks.forEach(task -> resolved.put(task.name(), task.registered()));
        return resolved;
    }

    /** The roles a node plays, as {@code role.index}. */
    List<String> rolesOf(String nodeId) {
        List<String> roles = new ArrayList<>();
        config.role().forEach((role, nodes) -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).equals(nodeId)) {
                    roles.add(role + "." + i);
                }
            }
        });
        return roles;
    }

    /** The task and everything downstream of it. */
    Set<String> taskAndDownstream(String name) {
        Set<String> found = new LinkedHashSet<>();
        found.add(name);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Task task : tasks) {
                if (!found.contains(task.name()) && task.upstream().stream().anyMatch(found::contains)) {
                    found.add(task.name());
                    grew = true;
                }
            }
        }
        return found;
    }

    /** A unit's parameters: {@code task_params.common.<name>} overlaid with {@code task_params.<role>.<index>.<name>}. */
    Map<String, JsonNode> parameters(Task task, Unit unit) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        JsonNode params = config.task_params();
        if (params == null) {
            return parameters;
        }
        params.path("common").path(task.name()).properties().forEach(e -> parameters.put(e.getKey(), e.getValue()));
        params.path(unit.role()).path(Integer.toString(unit.roleIndex())).path(task.name()).properties()
                .forEach(e -> parameters.put(e.getKey(), e.getValue()));
        return parameters;
    }
}
