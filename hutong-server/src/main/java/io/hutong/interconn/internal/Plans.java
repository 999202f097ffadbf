package io.hutong.interconn.internal;

import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import io.hutong.interconn.internal.JobStore.JobRow;
import io.hutong.web.ApiException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plans of jobs, kept in memory: every callback of a job needs its DAG, and planning reads the registry. */
@Component
class Plans {

    private static final int CACHED = 10_000;

    private final JobPlanner planner;
    private final JobStore store;
    private final JsonMapper json;
    private final Map<String, JobPlan> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobPlan> eldest) {
            return size() > CACHED;
        }
    });

    Plans(JobPlanner planner, JobStore store, JsonMapper json) {
        this.planner = planner;
        this.store = store;
        this.json = json;
    }

    /** Validates and plans a job from its DAG and config as received. */
    JobPlan plan(JsonNode dag, JsonNode config) {
        return planner.plan(read(dag, Dag.class, "dag"), read(config, JobConfig.class, "config"));
    }

    JobPlan of(JobRow job) {
        JobPlan plan = cache.get(job.jobId());
        if (plan == null) {
            JobStore.Definition definition = store.definition(job.jobId()).orElseThrow();
            plan = plan(json.readTree(definition.dag()), json.readTree(definition.config()));
            cache.put(job.jobId(), plan);
        }
        return plan;
    }

    /** The plan of a job this node has planned (or read) already. */
    Optional<JobPlan> cached(String jobId) {
        return Optional.ofNullable(cache.get(jobId));
    }

    void remember(String jobId, JobPlan plan) {
        cache.put(jobId, plan);
    }

    private <T> T read(JsonNode node, Class<T> type, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.invalid(field, "type(object)");
        }
        try {
            return json.treeToValue(node, type);
        } catch (RuntimeException e) {
            throw ApiException.invalid(field, "shape(" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
