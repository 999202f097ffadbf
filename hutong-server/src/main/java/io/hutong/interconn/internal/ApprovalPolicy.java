package io.hutong.interconn.internal;

import io.hutong.node.LocalNode;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Whether this node approves a job by itself: {@code auto} approves every job, {@code trusted}
 * (the default) the jobs of this node and of {@code trusted-initiators}, {@code manual} none; the
 * others wait for a person (the audit API). A job's initiator is only as sure as its scheduler,
 * which checked it: under {@code trusted} the scheduler must be this node or trusted too.
 */
@Component
class ApprovalPolicy {

    private final InterconnProperties.Approval properties;
    private final LocalNode local;

    ApprovalPolicy(InterconnProperties properties, LocalNode local) {
        this.properties = properties.approval();
        this.local = local;
    }

    /** @return why the job is approved automatically, or null when a person decides */
    String approves(String initiatorNode, String schedulerNode) {
        return switch (properties.mode().toLowerCase(Locale.ROOT)) {
            case "auto" -> "approved automatically (policy auto)";
            case "manual" -> null;
            default -> !trusted(schedulerNode) ? null
                    : local.is(initiatorNode) ? "approved automatically (initiated by this node)"
                    : properties.trustedInitiators().contains(initiatorNode)
                            ? "approved automatically (trusted initiator " + initiatorNode + ")" : null;
        };
    }

    private boolean trusted(String node) {
        return local.is(node) || properties.trustedInitiators().contains(node);
    }
}
