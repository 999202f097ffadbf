package io.hutong.support.standin;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job a stand-in schedules, as that stand-in sees it: its status and its tasks' in the peer's own
 * words, and what went wrong (refusals and errors as the peer read them).
 */
public final class ScheduledJob {

    private final String jobId;
    private final Set<String> endStates;
    private String status;
    private final Map<String, String> taskIds = new LinkedHashMap<>();
    private final Map<String, String> taskStatuses = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    ScheduledJob(String jobId, String status, Set<String> endStates) {
        this.jobId = jobId;
        this.status = status;
        this.endStates = endStates;
    }

    public String jobId() {
        return jobId;
    }

    /** Kuscia: Pending, Running, Succeeded, Failed. FATE-Flow: READY, RUNNING, FINISHED. */
    public synchronized String status() {
        return status;
    }

    /** task name → task id, for the tasks made so far */
    public synchronized Map<String, String> taskIds() {
        return Map.copyOf(taskIds);
    }

    /** task name → status (PENDING, READY, RUNNING, SUCCESS, FAILED) */
    public synchronized Map<String, String> taskStatuses() {
        return Map.copyOf(taskStatuses);
    }

    /** What went wrong, in order: e.g. {@code job/create at node-a: status code: 0, message: }. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public synchronized boolean ended() {
        return endStates.contains(status);
    }

    /** Waits until the job has ended (Kuscia: Succeeded or Failed; FATE-Flow: FINISHED); returns that status. */
    public String awaitEnd(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(this::ended);
        return status();
    }

    synchronized void status(String status) {
        this.status = status;
    }

    synchronized void task(String name, String id, String status) {
        taskIds.put(name, id);
        taskStatuses.put(name, status);
    }

    synchronized void problem(String problem) {
        problems.add(problem);
    }

    @Override
    public synchronized String toString() {
        return jobId + " " + status + " " + taskStatuses + " " + problems;
    }
}
