package io.hutong.interconn.internal;

import io.hutong.interconn.JobState;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.TaskStatus;
import io.hutong.node.PeerClient;
import io.hutong.node.Peers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as its scheduler, another node, answers status_all, in that node's dialect: a Hutong
 * scheduler's whole state; Kuscia's task states by task id, without a job status; FATE-Flow's job
 * status and task states by task name, with the job id in the JSON body of the GET.
 */
@Component
class SchedulerStatus {

    private static final String PATH = Messages.PREFIX + "job/status_all";

    private final PeerClient peerClient;
    private final Peers peers;
    private final JsonMapper json;

    SchedulerStatus(PeerClient peerClient, Peers peers, JsonMapper json) {
        this.peerClient = peerClient;
        this.peers = peers;
        this.json = json;
    }

    /** The job as its scheduler knows it, with what only this node knows (the task ids, how it ended here). */
    JobState of(BfiaJob job) {
        String query = "job_id=" + URLEncoder.encode(job.jobId, StandardCharsets.UTF_8);
        JobState here = job.state();
        return switch (peers.dialectOf(job.scheduler)) {
            case HUTONG -> json.treeToValue(peerClient.get(job.scheduler, PATH, query), JobState.class);
            case KUSCIA -> {
                Map<String, String> byId = new LinkedHashMap<>(here.status());
                tasks(peerClient.get(job.scheduler, PATH, query)).forEach((id, status) -> byId.put(id, status.name()));
                yield new JobState(here.job_status(), byId, here.result(), here.reason(), here.task_ids());
            }
            case FATE_FLOW -> {
                JsonNode data = peerClient.get(job.scheduler, PATH, query, Map.of("job_id", job.jobId));
                Map<String, String> byId = new LinkedHashMap<>(here.status());
                data.path("status").properties().forEach(task -> {
                    String id = here.task_ids().get(task.getKey());
                    if (id != null) {
                        byId.put(id, status(task.getValue()).name());
                    }
                });
                String jobStatus = data.path("job_status").asString("");
                boolean standard = Arrays.stream(JobStatus.values()).anyMatch(s -> s.name().equals(jobStatus));
                yield new JobState(standard ? jobStatus : here.job_status(), byId, here.result(), here.reason(),
                        here.task_ids());
            }
        };
    }

    /** What a Kuscia scheduler says of the job's tasks, by task id. */
    Map<String, TaskStatus> kusciaTasks(BfiaJob job) {
        return tasks(peerClient.get(job.scheduler, PATH, "job_id=" + URLEncoder.encode(job.jobId, StandardCharsets.UTF_8)));
    }

    private static Map<String, TaskStatus> tasks(JsonNode data) {
        Map<String, TaskStatus> byId = new LinkedHashMap<>();
        data.path("status").properties().forEach(task -> byId.put(task.getKey(), status(task.getValue())));
        return byId;
    }

    /** A peer's task state; one it has no word for (Kuscia reads READY as PENDING) is PENDING. */
    private static TaskStatus status(JsonNode value) {
        String text = value.asString("").strip().toUpperCase(Locale.ROOT);
        return switch (text) {
            case "RUNNING" -> TaskStatus.RUNNING;
            case "SUCCESS" -> TaskStatus.SUCCESS;
            case "FAILED" -> TaskStatus.FAILED;
            default -> TaskStatus.PENDING;
        };
    }
}
