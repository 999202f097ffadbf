package io.hutong.interconn.internal;

import io.hutong.component.ComponentInfo;
import io.hutong.data.DatasetId;
import io.hutong.data.DatasetLocation;
import io.hutong.data.Datasets;
import io.hutong.interconn.Dag;
import io.hutong.node.LocalNode;
import io.hutong.web.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Datasets datasets;

    TaskEnvironment(LocalNode local, JsonMapper json, Datasets datasets) {
        this.local = local;
        this.json = json;
        this.datasets = datasets;
    }

    /** The unit cannot be launched: what it would read is not here, or not for it. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * @param creatorUserId the user of this node who created the job, whose datasets it may read; null
     *     for a job another node created
     * @throws Refused when the unit's input dataset is not at this node or not the creator's to read
     */
    /**
     * @param sessionId the transport session of the task's containers, as the job's scheduler names it
     */
    Map<String, String> of(String jobId, String taskId, String sessionId, JobPlan plan, JobPlan.Task task,
            JobPlan.Unit unit, String token, String logPath, Map<String, String> upstreamTasks, Long creatorUserId) {
        Map<String, String> env = new LinkedHashMap<>();
        URI self = URI.create(local.loopbackUrl());
        env.put("system.storage", datasets.systemStorage());
        env.put("system.transport", self.getHost() + ":" + self.getPort());
        env.put("system.callback", local.loopbackUrl() + "/v1/platform/schedule/task/callback");
        env.put("system.compute", "process");
        env.put("system.control_port", "10086");
        env.put("config.self_role", unit.label());
        env.put("config.task_id", taskId);
        // the task's parties only: a component talks with those (an Intersection of guest and host knows no arbiter)
        for (JobPlan.Unit party : task.units()) {
            env.put("config.node_id." + party.label(), party.nodeId());
            env.put("config.inst_id." + party.label(), party.nodeId());
        }
        // the same at every party: each takes its scheduler's convention
        env.put("config.session_id", sessionId);
        env.put("config.trace_id", jobId);
        env.put("config.token", token);
        env.put("config.log.path", logPath);
        JsonNode common = plan.config().job_params() == null ? null : plan.config().job_params().path("common");
        env.put("config.n_threads", common == null ? "1" : common.path("n_threads").asString("1"));
        env.put("config.chunk_size", common == null ? "10000" : common.path("chunk_size").asString("10000"));
        env.put("runtime.component.name", task.name());
        plan.parameters(task, unit).forEach((name, value) ->
                env.put("runtime.component.parameter." + name, value.isString() ? value.asString() : value.toString()));
        ComponentInfo info = task.registered().info();
        List<Dag.Port> inputs = task.component().inputs();
        if (readsPartyDataset(task)) {
            partyDataset(plan, task, unit).ifPresent(dataset -> env.put("runtime.component.input."
                    + info.inputData().get(0).name(), data(located(dataset, creatorUserId))));
        }
        Map<Dag.Port, String> inputNames = formalNames(inputs, info.inputData(), port -> outputKey(port.key()));
        for (Dag.Port port : inputs) {
            String upstream = port.key().substring(0, port.key().indexOf('.'));
            String upstreamTask = upstreamTasks.getOrDefault(upstream, upstream);
            env.put("runtime.component.input." + inputNames.get(port),
                    data(output(jobId, upstreamTask, unit, outputKey(port.key()))));
        }
        List<Dag.Port> outputs = task.component().outputs();
        Map<Dag.Port, String> outputNames = formalNames(outputs, info.outputData(), Dag.Port::key);
        for (Dag.Port port : outputs) {
            env.put("runtime.component.output." + outputNames.get(port), data(output(jobId, taskId, unit, port.key())));
        }
        return env;
    }

    /**
     * Why the job cannot run here: a dataset this node's units would read is not at this node, or not
     * the creator's to read; empty when every one is here.
     */
    Optional<String> missingInput(JobPlan plan, Long creatorUserId) {
        for (JobPlan.Task task : plan.tasks()) {
            if (!readsPartyDataset(task)) {
                continue;
            }
            for (JobPlan.Unit unit : task.unitsOf(local.id())) {
                try {
                    partyDataset(plan, task, unit).ifPresent(dataset -> located(dataset, creatorUserId));
                } catch (Refused | ApiException e) {
                    return Optional.of(e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private DatasetId located(DatasetId dataset, Long creatorUserId) {
        return datasets.locate(dataset, creatorUserId).map(DatasetLocation::dataset).orElseThrow(() -> new Refused(
                "dataset " + dataset + " is not at " + local.id() + (creatorUserId == null ? "" : " for the job's creator")));
    }

    /** A first component (no input from another) that declares an input reads its party's dataset. */
    private static boolean readsPartyDataset(JobPlan.Task task) {
        List<ComponentInfo.DataSpec> declared = task.registered().info().inputData();
        return task.component().inputs().isEmpty() && declared != null && !declared.isEmpty();
    }

    /**
     * The dataset a first component of a party reads: its {@code dataset_id} ({@code namespace#name},
     * as the standard's examples and FATE write it), else its {@code namespace} and {@code name}
     * parameters (as Kuscia's).
     */
    static Optional<DatasetId> partyDataset(JobPlan plan, JobPlan.Task task, JobPlan.Unit unit) {
        Map<String, JsonNode> parameters = plan.parameters(task, unit);
        JsonNode datasetId = parameters.get("dataset_id");
        if (datasetId != null && !datasetId.asString("").isBlank()) {
            return Optional.of(DatasetId.parse("task_params." + unit.role() + "." + unit.roleIndex() + "." + task.name()
                    + ".dataset_id", datasetId.asString()));
        }
        JsonNode namespace = parameters.get("namespace");
        JsonNode name = parameters.get("name");
        if (namespace != null && name != null && !namespace.asString("").isBlank() && !name.asString("").isBlank()) {
            return Optional.of(DatasetId.of(namespace.asString(), name.asString()));
        }
        return Optional.empty();
    }

    /** Where a unit writes an output: {@code <job>-<role>-<index>} / {@code <task>-<output key>}, as Kuscia names them. */
    static DatasetId output(String jobId, String taskId, JobPlan.Unit unit, String outputKey) {
        return new DatasetId(jobId + "-" + unit.role() + "-" + unit.roleIndex(), taskId + "-" + outputKey);
    }

    private String data(DatasetId dataset) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("namespace", dataset.namespace());
        value.put("name", dataset.name());
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
