package io.hutong.interconn.internal;

import io.hutong.interconn.JobState;
import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.interconn.internal.Messages.Message;
import io.hutong.interconn.internal.Messages.RoleRef;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.PeerCaller;
import io.hutong.node.Peers;
import io.hutong.web.ApiException;
import io.hutong.web.Violations;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every east-west message from another node: its nonce recorded, its fields checked, then handed
 * to the job as a move of the verified caller. Each move is idempotent, so a message delivered
 * twice changes nothing the second time; a move the caller may not make is refused, changing nothing.
 */
@Component
public class EastWestHandler {

    private final Scheduler scheduler;
    private final Participant participant;
    private final JobTransactions jobs;
    private final JobStore store;
    private final Peers peers;

    EastWestHandler(Scheduler scheduler, Participant participant, JobTransactions jobs, JobStore store, Peers peers) {
        this.scheduler = scheduler;
        this.participant = participant;
        this.jobs = jobs;
        this.store = store;
        this.peers = peers;
    }

    /** A message from the verified {@code caller}, with the resource tokens it sent; its nonce is recorded first. */
    @Transactional
    public void handle(PeerCaller caller, Message message) {
        caller.nonce().record();
        validate(message);
        String source = caller.nodeId();
        if (message instanceof CreateAll m) {
            scheduler.createAll(source, m);
        } else if (message instanceof Create m) {
            participant.create(source, m, caller.resourceTokens());
        } else if (message instanceof TaskCallback || message instanceof Messages.TaskStop) {
            String taskId = message instanceof TaskCallback m ? m.task_id() : ((Messages.TaskStop) message).task_id();
            jobs.applyByTask(taskId, job -> {
                job.receive(source, message);
                return null;
            });
        } else {
            jobs.apply(message.job_id(), job -> job.receive(source, message));
        }
    }

    /** §3.8: asked by the job's scheduler only. */
    @Transactional(readOnly = true)
    public TaskStatus poll(PeerCaller caller, String taskId, String role) {
        Violations v = new Violations();
        v.requireText("task_id", taskId);
        v.throwIfAny();
        RoleRef ref = RoleRef.parse(role == null ? "" : role.strip(), null);
        String jobId = store.jobOfTask(taskId).orElseThrow(() -> ApiException.notFound("no task " + taskId));
        return store.find(jobId, jobs.context()).orElseThrow(() -> ApiException.notFound("no task " + taskId))
                .pollFor(caller.nodeId(), taskId, ref.role(), ref.index());
    }

    /**
     * §3.7: this node's record of the job, answered to its parties only, in the caller's dialect: a
     * Kuscia party reads the first object of {@code data} as its task states and stops at anything
     * else, FATE-Flow keys them by task name.
     */
    @Transactional(readOnly = true)
    public Object statusAll(PeerCaller caller, String jobId) {
        JobState state = store.find(jobId, jobs.context()).orElseThrow(() -> ApiException.notFound("no job " + jobId))
                .statusFor(caller.nodeId());
        return switch (peers.dialectOf(caller.nodeId())) {
            case HUTONG -> state;
            case KUSCIA -> Map.of("status", state.status());
            case FATE_FLOW -> {
                Map<String, String> byName = new LinkedHashMap<>();
                state.task_ids().forEach((name, taskId) -> byName.put(name, state.status().get(taskId)));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("job_status", state.job_status());
                answer.put("status", byName);
                yield answer;
            }
        };
    }

    private static void validate(Message message) {
        Violations v = new Violations();
        if (message instanceof TaskCallback m) {
            v.requireText("task_id", m.task_id());
            if (v.requireText("status", m.status())) {
                status(m.status());
            }
            v.requireText("role", m.role());
        } else if (message instanceof Messages.TaskStop m) {
            v.requireText("task_id", m.task_id());
        } else {
            v.requireText("job_id", message.job_id());
        }
        if (message instanceof TaskStart m) {
            v.requireText("task_id", m.task_id());
            v.requireText("task_name", m.task_name());
        } else if (message instanceof AuditConfirm m) {
            v.requireText("status", m.status());
        } else if (message instanceof CreateAll m) {
            v.require("dag", m.dag());
            v.require("config", m.config());
        } else if (message instanceof Create m) {
            v.require("dag", m.dag());
            v.require("config", m.config());
        }
        v.throwIfAny();
        if (message instanceof CreateAll || message instanceof Create) {
            Ids.requireJobId("job_id", message.job_id());
        } else if (message instanceof Stop m && m.reason() != null && m.reason().length() > 4096) {
            v.add("reason", "maxLength(4096)");
        }
        v.throwIfAny();
    }

    static TaskStatus status(String text) {
        try {
            return TaskStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "oneOf(" + String.join(",",
                    Arrays.stream(TaskStatus.values()).map(Enum::name).toList()) + ")");
        }
    }
}
