package io.hutong.trust.internal;

/** The records the node-trust APIs answer with. */
public final class TrustViews {

    private TrustViews() {
    }

    /** A peer as the admin API shows it: how it speaks and signs, and the fingerprints of its keys. */
    public record PeerView(String node_id, String base_url, String dialect, boolean unsigned, String algorithm,
            String fingerprint, String previous_fingerprint, String previous_valid_until, String card_announcement) {
    }

    /** One line of a peer's diagnosis: the check, PASS, WARN or FAIL, and what was seen. */
    public record PeerCheck(String check, String result, String detail) {
    }

    /** A token this node issued. */
    public record Grant(String id, String urn, String level, String grantee, String expires_at, String status,
            String token) {
    }

    /** A token another node granted this node. */
    public record Received(String id, String holder, String urn, String level, String expires_at, String received_at) {
    }
}
