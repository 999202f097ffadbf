package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.RoleRef;
import io.hutong.runtime.TaskCallbacks;
import io.hutong.web.Violations;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Checks and applies a component's callback (§4.1): the token check and the report in one transaction. */
@Component
@Transactional
public class ComponentCallbacks implements TaskCallbacks {

    private final Participant participant;
    private final List<String> trustedAddresses;

    ComponentCallbacks(Participant participant,
            @Value("${hutong.runtime.callback-addresses:127.0.0.1,0:0:0:0:0:0:0:1,::1}") List<String> trustedAddresses) {
        this.participant = participant;
        this.trustedAddresses = trustedAddresses;
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
                trustedAddresses.contains(remoteAddress));
    }
}
