package io.hutong.interconn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * §6.6 作业运行配置. {@code role} maps each role to its nodes (the index in the list is the
 * role index); the parameter trees stay JSON as received.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobConfig(String version, Initiator initiator, Map<String, List<String>> role, JsonNode job_params,
        JsonNode task_params) {

    public record Initiator(String role, String node_id) {
    }

    /**
     * {@code poll} or {@code callback}, from {@code job_params.common.sync_type}; {@code poll} when
     * absent, as FATE-Flow reads it and as Kuscia, which never writes one, runs every job.
     */
    public String syncType() {
        String value = job_params == null ? "" : job_params.path("common").path("sync_type").asString("");
        return value.isBlank() ? "poll" : value;
    }

    /** The datasets the job names: each {@code task_params.<role>.<index>.<component>.dataset_id} of a party. */
    public List<JobDataset> datasets() {
        List<JobDataset> datasets = new ArrayList<>();
        if (task_params == null || role == null) {
            return datasets;
        }
        role.forEach((roleName, nodes) -> {
            for (int index = 0; index < nodes.size(); index++) {
                int roleIndex = index;
                task_params.path(roleName).path(Integer.toString(index)).properties().forEach(component -> {
                    String id = component.getValue().path("dataset_id").asString("");
                    if (!id.isBlank()) {
                        datasets.add(new JobDataset(nodes.get(roleIndex), roleName, roleIndex, component.getKey(), id));
                    }
                });
            }
        });
        return datasets;
    }

    /**
     * {@code job_params.common.task_timeout}: how long each task may run, in seconds (a number or
     * a string of digits); null when absent or not a whole number from 1.
     */
    public Duration taskTimeout() {
        JsonNode value = job_params == null ? null : job_params.path("common").get("task_timeout");
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isNumber() || value.isString() ? value.asString("").strip() : "";
        return text.matches("[1-9][0-9]{0,9}") ? Duration.ofSeconds(Long.parseLong(text)) : null;
    }

    /** The node named as coordinator in {@code job_params.common.coordinator}, or null. */
    public String coordinator() {
        String value = job_params == null ? "" : job_params.path("common").path("coordinator").asString("");
        return value.isBlank() ? null : value;
    }
}
