package io.hutong.interconn.internal;

import io.hutong.component.RegisteredComponent;
import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import io.hutong.web.ApiException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans of jobs, kept in memory: every move of a job needs its DAG. A job's plan is made once, when
 * the job is created on this node, from the registry as it is then; the components it resolved are
 * stored with the job ({@code bfia_job.plan}), so a plan made again after a restart or an eviction
 * is the same whatever the registry says now.
 */
@Component
class PlanCache {

    private static final int CACHED = 10_000;
    private static final TypeReference<Map<String, RegisteredComponent>> RESOLUTION = new TypeReference<>() { };

    private final JobPlanner planner;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Map<String, JobPlan> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobPlan> eldest) {
            return size() > CACHED;
        }
    });

    PlanCache(JobPlanner planner, JdbcClient jdbc, JsonMapper json) {
        this.planner = planner;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Validates and plans a new job from its DAG and config as received, against the registry as it is now. */
    JobPlan plan(JsonNode dag, JsonNode config) {
        return planner.plan(read(dag, Dag.class, "dag"), read(config, JobConfig.class, "config"), dag, config);
    }

    /** The plan of a job this node stored; {@link JobPlan#UNPLANNED} for one it could not plan. */
    JobPlan of(String jobId) {
        JobPlan plan = cache.get(jobId);
        if (plan != null) {
            return plan;
        }
        record Stored(String dag, String config, String resolution) {
        }
        Stored stored = jdbc.sql("select dag::text, config::text, plan::text from bfia_job where job_id = ?").param(jobId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3))).single();
        if ("null".equals(stored.resolution())) {
            plan = JobPlan.UNPLANNED;
        } else {
            JsonNode dag = json.readTree(stored.dag());
            JsonNode config = json.readTree(stored.config());
            if (stored.resolution() == null) {
                // a job stored before plans were: resolved once more, and from now on as stored
                plan = plan(dag, config);
                jdbc.sql("update bfia_job set plan = ?::jsonb where job_id = ?")
                        .params(resolutionJson(plan), jobId).update();
            } else {
                Map<String, RegisteredComponent> resolution = json.readValue(stored.resolution(), RESOLUTION);
                plan = planner.plan(read(dag, Dag.class, "dag"), read(config, JobConfig.class, "config"), dag, config,
                        (name, component) -> Optional.ofNullable(resolution.get(name)));
            }
        }
        cache.put(jobId, plan);
        return plan;
    }

    /** What {@code bfia_job.plan} keeps of a plan: the registered component of each task, by name. */
    String resolutionJson(JobPlan plan) {
        return plan == JobPlan.UNPLANNED ? "null" : json.writeValueAsString(plan.resolution());
    }

    /** The plan of a job, if this node has it in memory (a job just planned here, before it is stored). */
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
