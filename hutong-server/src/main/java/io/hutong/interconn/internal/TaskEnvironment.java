package io.hutong.interconn.internal;

import io.hutong.component.ComponentInfo;
import io.hutong.core.NodeProperties;
import io.hutong.interconn.Dag;
import io.hutong.node.LocalNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The algorithm-container contract: the environment a party-role's process of a task gets
 * (guide §4.1.1.2; algorithm-layer API §3.3–3.4).
 */
@Component
class TaskEnvironment {

    private final LocalNode local;
    private final JsonMapper json;
    private final String storage;

    TaskEnvironment(LocalNode local, JsonMapper json, NodeProperties node) {
        this.local = local;
        this.json = json;
        this.storage = node.dataDir().toAbsolutePath().normalize().resolve("storage").toUri().toString()
                .replaceFirst("^file:/+", "file:///");
    }

    Map<String, String> of(String jobId, String taskId, JobPlan plan, JobPlan.Task task, JobPlan.Unit unit,
            String token, String logPath, Map<String, String> upstreamTasks) {
        Map<String, String> env = new LinkedHashMap<>();
        URI self = URI.create(local.loopbackUrl());
        env.put("system.storage", storage);
        env.put("system.transport", self.getHost() + ":" + self.getPort());
        env.put("system.callback", local.loopbackUrl() + "/v1/platform/schedule/task/callback");
        env.put("system.compute", "process");
        env.put("system.control_port", "10086");
        env.put("config.self_role", unit.label());
        env.put("config.task_id", taskId);
        plan.config().role().forEach((role, nodes) -> {
            for (int i = 0; i < nodes.size(); i++) {
                env.put("config.node_id." + role + "." + i, nodes.get(i));
                env.put("config.inst_id." + role + "." + i, nodes.get(i));
            }
        });
        // the transport session of the task's containers: the same at every party, and apart from other tasks'
        env.put("config.session_id", taskId);
        env.put("config.trace_id", jobId);
        env.put("config.token", token);
        env.put("config.log.path", logPath);
        JsonNode common = plan.config().job_params() == null ? null : plan.config().job_params().path("common");
        env.put("config.n_threads", common == null ? "1" : common.path("n_threads").asString("1"));
        env.put("config.chunk_size", common == null ? "10000" : common.path("chunk_size").asString("10000"));
        env.put("runtime.component.name", task.name());
        plan.parameters(task, unit).forEach((name, value) ->
                env.put("runtime.component.parameter." + name, value.isString() ? value.asString() : value.toString()));
        String namespace = jobId + "-" + unit.role() + "-" + unit.roleIndex();
        ComponentInfo info = task.registered().info();
        List<Dag.Port> inputs = task.component().inputs();
        Map<Dag.Port, String> inputNames = formalNames(inputs, info.inputData(), port -> outputKey(port.key()));
        for (Dag.Port port : inputs) {
            String upstream = port.key().substring(0, port.key().indexOf('.'));
            String upstreamTask = upstreamTasks.getOrDefault(upstream, upstream);
            env.put("runtime.component.input." + inputNames.get(port),
                    data(namespace, upstreamTask + "-" + outputKey(port.key())));
        }
        List<Dag.Port> outputs = task.component().outputs();
        Map<Dag.Port, String> outputNames = formalNames(outputs, info.outputData(), Dag.Port::key);
        for (Dag.Port port : outputs) {
            env.put("runtime.component.output." + outputNames.get(port), data(namespace, taskId + "-" + port.key()));
        }
        return env;
    }

    private String data(String namespace, String name) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("namespace", namespace);
        value.put("name", name);
        return json.writeValueAsString(value);
    }

    private static String outputKey(String inputKey) {
        return inputKey.substring(inputKey.indexOf('.') + 1);
    }

    /**
     * The registered (formal) name of each DAG port: the one of the same name, else the one at the
     * same position among the registered entries whose category is the port's type.
     */
    static Map<Dag.Port, String> formalNames(List<Dag.Port> ports, List<ComponentInfo.DataSpec> registered,
            Function<Dag.Port, String> ownName) {
        Map<Dag.Port, String> names = new LinkedHashMap<>();
        List<ComponentInfo.DataSpec> specs = registered == null ? List.of() : registered;
        Map<String, Integer> seenOfType = new LinkedHashMap<>();
        for (Dag.Port port : ports) {
            String own = ownName.apply(port);
            int position = seenOfType.merge(String.valueOf(port.type()), 1, Integer::sum) - 1;
            List<ComponentInfo.DataSpec> sameCategory = new ArrayList<>(specs.stream()
                    .filter(s -> String.valueOf(port.type()).equals(s.category())).toList());
            String name = specs.stream().anyMatch(s -> own.equals(s.name())) ? own
                    : position < sameCategory.size() ? sameCategory.get(position).name() : own;
            names.put(port, name);
        }
        return names;
    }
}
