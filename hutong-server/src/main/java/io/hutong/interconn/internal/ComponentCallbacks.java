package io.hutong.interconn.internal;

import io.hutong.interconn.TaskStatus;
import io.hutong.interconn.internal.Messages.RoleRef;
import io.hutong.node.LocalNode;
import io.hutong.runtime.TaskCallbacks;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import io.hutong.web.Violations;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Checks and applies a component's callback (§4.1), the token check and the report in one transaction. */
@Component
@Transactional
public class ComponentCallbacks implements TaskCallbacks {

    private final Participant participant;
    private final JobStore store;
    private final LocalNode local;
    private final List<String> trustedAddresses;

    ComponentCallbacks(Participant participant, JobStore store, LocalNode local,
            @Value("${hutong.runtime.callback-addresses:127.0.0.1,0:0:0:0:0:0:0:1,::1}") List<String> trustedAddresses) {
        this.participant = participant;
        this.store = store;
        this.local = local;
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
        int index = ref.index() != null ? ref.index() : onlyIndex(taskId, ref.role());
        boolean tokenOk = token != null && !token.isBlank() && participant.tokenMatches(taskId, ref.role(), index, token);
        if (!tokenOk && !trustedAddresses.contains(remoteAddress)) {
            throw new ApiException(ErrorKind.UNAUTHORIZED, "a task callback needs the task's config.token in the token "
                    + "header, or must come from an address tasks are launched on");
        }
        participant.componentReport(taskId, ref.role(), index, reported);
    }

    /** A role given without index: this node's only unit of that role in the task. */
    private int onlyIndex(String taskId, String role) {
        List<Integer> indexes = store.units(taskId).stream()
                .filter(u -> local.is(u.nodeId()) && u.role().equals(role)).map(JobStore.UnitRow::roleIndex).toList();
        if (indexes.size() != 1) {
            throw ApiException.invalid("role", "party(this node has " + (indexes.isEmpty() ? "no" : "several")
                    + " " + role + " in task " + taskId + "; send role.index)");
        }
        return indexes.get(0);
    }
}
