package io.hutong.interconn.internal;

import io.hutong.component.ComponentInfo;
import io.hutong.component.RegisteredComponent;
import io.hutong.interconn.Dag;
import io.hutong.interconn.JobConfig;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.BfiaJob.Approval;
import io.hutong.interconn.internal.BfiaJob.Decision;
import io.hutong.node.PeerDialect;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs for the aggregate's unit tests, without a database: a chain of two components, {@code a}
 * then {@code b}, each played by guest node-a (the initiator and scheduler) and host node-b.
 * node-x is a correctly signed peer that takes no part.
 */
final class JobFixture {

    static final String A = "node-a";
    static final String B = "node-b";
    static final String X = "node-x";
    static final String JOB = "job-fixture";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JobFixture() {
    }

    static JobPlan plan() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("guest", List.of(A));
        roles.put("host", List.of(B));
        JobConfig config = new JobConfig("2.0.0", new JobConfig.Initiator("guest", A), roles,
                JSON.readTree("{\"common\": {\"sync_type\": \"callback\"}}"), null);
        RegisteredComponent noop = new RegisteredComponent("hutong/noop:1.0.0", new ComponentInfo("Noop", null, "hutong",
                "1.0.0", null, List.of("guest", "host"), null, null, null, null, null, null));
        Dag.Component a = new Dag.Component("a", "Noop", "1.0.0", "hutong", null, null, List.of(),
                List.of(new Dag.Port("data", "dataset")));
        Dag.Component b = new Dag.Component("b", "Noop", "1.0.0", "hutong", null, null,
                List.of(new Dag.Port("a.data", "dataset")), List.of(new Dag.Port("data", "dataset")));
        List<JobPlan.Unit> units = List.of(new JobPlan.Unit("guest", 0, A), new JobPlan.Unit("host", 0, B));
        return new JobPlan(new Dag("2.0.0", List.of(a, b)), config, List.of(
                new JobPlan.Task("a", a, noop, List.of(), units), new JobPlan.Task("b", b, noop, List.of("a"), units)),
                JSON.valueToTree(Map.of("version", "2.0.0")), JSON.valueToTree(Map.of("version", "2.0.0")));
    }

    /** This node's policy: approves every job at once, or leaves it to a person; every peer speaks Hutong's form. */
    static BfiaJob.Context context(String local, boolean approves) {
        return context(local, approves, Map.of());
    }

    /** As above, with the peers that speak another dialect. */
    static BfiaJob.Context context(String local, boolean approves, Map<String, PeerDialect> dialects) {
        BfiaJob.Policy policy = (job, tokens) -> approves ? new Decision(Approval.READY, "policy") : null;
        return new BfiaJob.Context(local, NOW, policy, Duration.ofSeconds(1),
                node -> dialects.getOrDefault(node, PeerDialect.HUTONG));
    }

    /**
     * The job as node {@code local} has it stored, in {@code status}: its own approval READY (node-b's
     * PENDING when the job is PENDING), task a RUNNING when the job runs (each unit RUNNING, this node's with a
     * token), tasks PENDING otherwise; the scheduler's parties approved as far as the status says.
     */
    static BfiaJob stored(String local, JobStatus status) {
        return stored(local, status, Map.of());
    }

    /** As above, with the peers that speak another dialect. */
    static BfiaJob stored(String local, JobStatus status, Map<String, PeerDialect> dialects) {
        BfiaJob job = new BfiaJob(context(local, false, dialects), JOB, "flow", A, A, false, NOW.minusSeconds(60), null, plan(),
                status, null, null, false, status == JobStatus.PENDING && local.equals(B) ? Approval.PENDING
                        : Approval.READY, null);
        boolean running = status == JobStatus.RUNNING;
        for (JobPlan.Task planned : job.plan.tasks()) {
            BfiaJob.Task task = new BfiaJob.Task("task_" + planned.name(), planned.name(),
                    running && planned.name().equals("a") ? TaskStatus.RUNNING : TaskStatus.PENDING,
                    running ? NOW.minusSeconds(30) : null);
            for (JobPlan.Unit unit : planned.units()) {
                if (job.schedules() || unit.nodeId().equals(local)) {
                    task.units.add(new BfiaJob.Unit(unit.role(), unit.roleIndex(), unit.nodeId(), task.status,
                            task.status == TaskStatus.RUNNING && unit.nodeId().equals(local) ? "hash" : null, null, null));
                }
            }
            job.tasks.put(task.name, task);
        }
        if (job.schedules()) {
            for (String node : job.plan.nodes()) {
                job.parties.put(node, new BfiaJob.Party(node, status == JobStatus.PENDING && node.equals(B)
                        ? Approval.PENDING : Approval.READY, null));
            }
        }
        return job;
    }

    /** Whether the job changed in any way, or asked for anything to follow. */
    static boolean untouched(BfiaJob job) {
        boolean changed = job.dirty || job.parties.values().stream().anyMatch(p -> p.dirty)
                || job.tasks.values().stream().anyMatch(t -> t.dirty || t.isNew
                        || t.units.stream().anyMatch(u -> u.dirty || u.isNew));
        BfiaJob.Effects effects = job.effects;
        return !changed && effects.messages.isEmpty() && effects.launches.isEmpty() && effects.stops.isEmpty()
                && effects.ended.isEmpty();
    }
}
