package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.node.Peers;
import io.hutong.runtime.LaunchException;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.UnitExited;
import io.hutong.runtime.UnitHandle;
import io.hutong.runtime.UnitLauncher;
import io.hutong.runtime.UnitSpec;
import io.hutong.storage.AfterTransaction;
import io.hutong.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * This node's units as the runtime runs them: launched and stopped once the move that decided so
 * has committed, their handles and exit codes recorded, and an exit that ends a unit which never
 * reported its end handed to the job as that end.
 */
@Component
class UnitRuns {

    private static final Logger log = LoggerFactory.getLogger(UnitRuns.class);

    private final UnitLauncher launcher;
    private final TaskLogs logs;
    private final TaskEnvironment environment;
    private final JobStore store;
    private final JobOutputs outputs;
    private final Peers peers;
    private final ObjectProvider<Participant> participant;
    private final TaskExecutor launches;
    // this replica's launched units until they exit: true once their end is committed, when their
    // exit code no longer decides anything
    private final Map<String, Boolean> launchedHere = new ConcurrentHashMap<>();

    UnitRuns(UnitLauncher launcher, TaskLogs logs, TaskEnvironment environment, JobStore store, JobOutputs outputs,
            Peers peers, ObjectProvider<Participant> participant, @Qualifier("applicationTaskExecutor") TaskExecutor launches) {
        this.launcher = launcher;
        this.logs = logs;
        this.environment = environment;
        this.store = store;
        this.outputs = outputs;
        this.peers = peers;
        this.participant = participant;
        this.launches = launches;
    }

    /**
     * Once the transaction commits: stops the units and launches the others, on another thread
     * (this one still holds the committed transaction's connection, and the answer to the move need
     * not wait for a spawn).
     */
    void afterCommit(BfiaJob job, List<BfiaJob.Launch> toLaunch, List<UnitHandle> toStop) {
        if (toLaunch.isEmpty() && toStop.isEmpty()) {
            return;
        }
        Long creator = toLaunch.isEmpty() ? null : store.creatorOf(job.jobId).orElse(null);
        List<UnitSpec> specs = new ArrayList<>();
        Map<UnitSpec, String> refused = new LinkedHashMap<>();
        for (BfiaJob.Launch launch : toLaunch) {
            JobPlan.Task task = job.plan.find(launch.task().name).orElseThrow();
            JobPlan.Unit unit = planned(task, launch.unit());
            String logPath = logs.directory(job.jobId, launch.task().taskId, unit.role(), unit.roleIndex()).toString();
            try {
                String session = peers.dialectOf(job.scheduler).sessionId(job.jobId, launch.task().taskId);
                specs.add(new UnitSpec(job.jobId, launch.task().taskId, unit.role(), unit.roleIndex(),
                        task.registered().imageUrl(), environment.of(job.jobId, launch.task().taskId, session, job.plan,
                                task, unit, launch.token(), logPath, launch.upstreamTasks(), creator)));
            } catch (TaskEnvironment.Refused | ApiException e) {
                refused.put(new UnitSpec(job.jobId, launch.task().taskId, unit.role(), unit.roleIndex(), "", Map.of()),
                        e.getMessage());
            }
        }
        AfterTransaction.commit(() -> {
            toStop.forEach(launcher::stop);
            specs.forEach(spec -> launches.execute(() -> launch(spec)));
            refused.forEach((spec, why) -> launches.execute(() -> {
                logs.debug(spec, "not launched: " + why);
                log.warn("Task {} {} not launched: {}", spec.taskId(), spec.unit(), why);
                participant.getObject().unitEnded(spec.taskId(), spec.role(), spec.roleIndex(), TaskStatus.FAILED);
            }));
        });
    }

    /**
     * Units of this node whose end this move took from themselves: once it commits, their exit codes
     * no longer decide (a unit a stop ended still has its exit recorded). The outputs of those that
     * succeeded are recorded as the job's datasets here in the same transaction, so whoever learns of
     * the success (the scheduler, by callback or poll) finds them listed.
     */
    void endedHere(BfiaJob job) {
        List<String> ended = new ArrayList<>();
        List<JobOutputs.Written> succeeded = new ArrayList<>();
        for (Map.Entry<BfiaJob.Task, BfiaJob.Unit> reported : job.effects.reported) {
            BfiaJob.Task task = reported.getKey();
            BfiaJob.Unit unit = reported.getValue();
            ended.add(key(task.taskId, unit.role, unit.index));
            if (unit.status == TaskStatus.SUCCESS) {
                JobPlan.Task planned = job.plan.find(task.name).orElseThrow();
                succeeded.add(new JobOutputs.Written(job.jobId, task.taskId, planned, planned(planned, unit)));
            }
        }
        if (!succeeded.isEmpty()) {
            outputs.record(succeeded);
        }
        if (!ended.isEmpty()) {
            AfterTransaction.commit(() -> ended.forEach(key -> launchedHere.computeIfPresent(key, (k, was) -> true)));
        }
    }

    private static JobPlan.Unit planned(JobPlan.Task task, BfiaJob.Unit unit) {
        return task.units().stream().filter(u -> u.role().equals(unit.role) && u.roleIndex() == unit.index)
                .findFirst().orElseThrow();
    }

    private void launch(UnitSpec spec) {
        String unit = key(spec.taskId(), spec.role(), spec.roleIndex());
        launchedHere.put(unit, false);
        try {
            UnitHandle launched = launcher.launch(spec);
            // the unit's row only, without the job's: one lock, so no order to keep with other writers
            if (store.setUnitHandle(spec.taskId(), spec.role(), spec.roleIndex(), launched) == TaskStatus.FAILED) {
                // a stop between the decision to launch and the spawn found nothing to stop
                launcher.stop(launched);
            }
        } catch (LaunchException e) {
            launchedHere.remove(unit);
            log.warn("Task {} {} could not start: {}", spec.taskId(), spec.unit(), e.getMessage());
            participant.getObject().unitEnded(spec.taskId(), spec.role(), spec.roleIndex(), TaskStatus.FAILED);
        }
    }

    /**
     * The process ended: its exit code decides for a component that never called back. A unit whose
     * end this replica committed needs nothing more (its exit status is in the task's debug log).
     * Otherwise outside a transaction: the exit code is one row's update, committed at once, and only
     * a unit that has not ended yet takes the job's lock, in a transaction of its own; holding the
     * unit's row while waiting for the job's would deadlock with a move, which takes them the other way.
     */
    @EventListener
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void onExit(UnitExited exited) {
        if (Boolean.TRUE.equals(launchedHere.remove(key(exited.taskId(), exited.role(), exited.roleIndex())))) {
            return;
        }
        TaskStatus status = store.setUnitExit(exited.taskId(), exited.role(), exited.roleIndex(), exited.exitCode());
        if (status != null && !status.terminal()) {
            participant.getObject().unitEnded(exited.taskId(), exited.role(), exited.roleIndex(),
                    exited.exitCode() != null && exited.exitCode() == 0 ? TaskStatus.SUCCESS : TaskStatus.FAILED);
        }
    }

    /** After a restart: this node's units that were running are followed again; their ends arrive as exits. */
    void recover(String nodeId) {
        for (JobStore.UnitRow unit : store.localRunning(nodeId)) {
            if (unit.tokenHash() == null) {
                continue;
            }
            launcher.recover(new UnitSpec(unit.jobId(), unit.taskId(), unit.role(), unit.roleIndex(), "", Map.of()),
                    unit.handle());
        }
    }

    private static String key(String taskId, String role, int roleIndex) {
        return taskId + "/" + role + "." + roleIndex;
    }
}
