package io.hutong.interconn.internal;

import io.hutong.component.RegisteredComponent;
import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated job: its tasks in a dependency order, and for each task the party-roles that take
 * part. Every node computes the same plan from the same DAG and config.
 */
record JobPlan(Dag dag, JobConfig config, List<Task> tasks) {

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

    Task task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task " + name));
    }

    /** Every node that takes part in the job, in role order; the nodes of config.role. */
    Set<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        config.role().values().forEach(nodes::addAll);
        return nodes;
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
        Map<String, JsonNode> parameters = new java.util.LinkedHashMap<>();
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
