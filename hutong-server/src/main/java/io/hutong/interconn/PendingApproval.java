package io.hutong.interconn;

import java.util.List;

/** A job waiting for this node's approval, with what a person needs to decide. */
public record PendingApproval(String job_id, String flow_id, String initiator, String scheduler, List<String> roles,
        List<String> components, String created_at) {
}
