package io.hutong.interconn.internal;

import io.hutong.node.LocalNode;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Whether this node approves a job by itself: {@code auto} approves every job, {@code trusted}
 * (the default) the jobs of this node and of {@code trusted-initiators}, {@code manual} none;
 * the others wait for a person (the audit API).
 */
@Component
class ApprovalPolicy {

    @ConfigurationProperties("hutong.interconn.approval")
    record Properties(@DefaultValue("trusted") String mode, List<String> trustedInitiators) {

        Properties {
            trustedInitiators = trustedInitiators == null ? List.of() : List.copyOf(trustedInitiators);
        }
    }

    private final Properties properties;
    private final LocalNode local;

    ApprovalPolicy(Properties properties, LocalNode local) {
        this.properties = properties;
        this.local = local;
    }

    /** @return why the job is approved automatically, or null when a person decides */
    String approves(String initiatorNode) {
        return switch (properties.mode().toLowerCase(Locale.ROOT)) {
            case "auto" -> "approved automatically (policy auto)";
            case "manual" -> null;
            default -> local.is(initiatorNode) ? "approved automatically (initiated by this node)"
                    : properties.trustedInitiators().contains(initiatorNode)
                            ? "approved automatically (trusted initiator " + initiatorNode + ")" : null;
        };
    }
}
