package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.RoleRef;
import io.hutong.runtime.RuntimeProperties;
import io.hutong.runtime.TaskCallbacks;
import io.hutong.web.Violations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Checks and applies a component's callback (§4.1): the token check and the report in one transaction. */
@Component
@Transactional
public class ComponentCallbacks implements TaskCallbacks {

    private final Participant participant;
    private final RuntimeProperties runtime;

    ComponentCallbacks(Participant participant, RuntimeProperties runtime) {
        this.participant = participant;
        this.runtime = runtime;
    }

    /** From a component in the node: the token is its only credential. */
    @Override
    public void report(String taskId, String status, String role, String token) {
        report(taskId, status, role, token, null);
    }

    public void report(String taskId, String status, String role, String token, String remoteAddress) {
        Violations v = new Violations();
        v.requireText("task_id", taskId);
        v.requireText("status", status);
        v.requireText("role", role);
        v.throwIfAny();
        TaskStatus reported = EastWestHandler.status(status);
        RoleRef ref = RoleRef.parse(role, null);
        participant.componentReport(taskId, ref.role(), ref.index(), reported, token,
                runtime.isCallbackAddress(remoteAddress));
    }
}
