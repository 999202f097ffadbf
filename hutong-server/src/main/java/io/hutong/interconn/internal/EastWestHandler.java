package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.interconn.internal.Messages.Message;
import io.hutong.interconn.internal.Messages.RoleRef;
import io.hutong.interconn.internal.Messages.Start;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.node.PeerCaller;
import io.hutong.web.ApiException;
import io.hutong.web.Violations;
import java.util.Arrays;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every east-west message, from another node over HTTP or from this node to itself, is handled
 * here; each handler is idempotent, so a message delivered twice changes nothing the second time.
 */
@Component
public class EastWestHandler {

    private final Coordinator coordinator;
    private final Participant participant;

    EastWestHandler(Coordinator coordinator, Participant participant) {
        this.coordinator = coordinator;
        this.participant = participant;
    }

    @Transactional
    public void handle(String source, Message message) {
        handle(new PeerCaller(source), message);
    }

    /** A message from the verified {@code caller}, with the resource tokens it sent; its nonce is recorded first. */
    @Transactional
    public void handle(PeerCaller caller, Message message) {
        caller.nonce().record();
        validate(message);
        String source = caller.nodeId();
        if (message instanceof CreateAll m) {
            coordinator.createAll(m);
        } else if (message instanceof Create m) {
            participant.create(m, source, caller.resourceTokens());
        } else if (message instanceof Start m) {
            participant.start(m.job_id());
        } else if (message instanceof TaskStart m) {
            participant.taskStart(m);
        } else if (message instanceof StopAll m) {
            String why = blankToNull(m.reason());
            coordinator.stopAll(m.job_id(), blankToNull(m.task_name()),
                    "stopped by " + source + (why == null ? "" : ": " + why));
        } else if (message instanceof Stop m) {
            participant.stop(m);
        } else if (message instanceof AuditConfirm m) {
            coordinator.auditConfirm(m.job_id(), source, m.status(), m.reason());
        } else if (message instanceof TaskCallback m) {
            RoleRef role = RoleRef.parse(m.role(), m.role_index());
            coordinator.unitReport(m.task_id(), role.role(), role.index(), source, status(m.status()));
        }
    }

    public TaskStatus poll(String taskId, String role) {
        Violations v = new Violations();
        v.requireText("task_id", taskId);
        v.requireText("role", role);
        v.throwIfAny();
        RoleRef ref = RoleRef.parse(role, null);
        return participant.poll(taskId, ref.role(), ref.index());
    }

    private static void validate(Message message) {
        Violations v = new Violations();
        if (message instanceof TaskCallback m) {
            v.requireText("task_id", m.task_id());
            v.requireText("status", m.status());
            v.requireText("role", m.role());
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
    }

    static TaskStatus status(String text) {
        try {
            return TaskStatus.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "oneOf(" + String.join(",",
                    Arrays.stream(TaskStatus.values()).map(Enum::name).toList()) + ")");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
