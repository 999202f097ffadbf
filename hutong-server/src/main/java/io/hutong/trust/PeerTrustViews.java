package io.hutong.trust;

import io.hutong.node.PeerDialect;
import io.hutong.protocol.NodeCard;
import io.hutong.trust.internal.TrustAdmin;
import io.hutong.trust.internal.TrustViews.PeerView;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Node trust as a person looks at it (the console): this node's card, the peers with their keys,
 * a peer's diagnosis, and a peer's dialect. The same operations as the admin API's.
 */
@Service
public class PeerTrustViews {

    private final TrustAdmin trust;

    PeerTrustViews(TrustAdmin trust) {
        this.trust = trust;
    }

    /** This node's card with its key's SHA-256 fingerprint, as peers compare it out of band. */
    public record OwnCard(String nodeId, String baseUrl, String algorithm, String fingerprint) {
    }

    /**
     * A peer as {@code GET /admin/trust/peers} shows it.
     *
     * @param previousFingerprint the key it had before a rotation, which verifies until {@code previousValidUntil}
     * @param cardAnnouncement this node's new card not yet taken by the peer, or null
     */
    public record Peer(String nodeId, String baseUrl, String dialect, boolean unsigned, String algorithm,
            String fingerprint, String previousFingerprint, String previousValidUntil, String cardAnnouncement) {
    }

    /** One line of a diagnosis: the check, PASS, WARN or FAIL, and what was seen. */
    public record Check(String check, String result, String detail) {
    }

    public OwnCard card() {
        NodeCard card = trust.card();
        return new OwnCard(card.node_id(), card.base_url(), card.algorithm(), NodeCard.fingerprint(card.publicKey()));
    }

    public List<Peer> peers() {
        return trust.peers().stream().map(PeerTrustViews::peer).toList();
    }

    public List<Check> diagnose(String nodeId) {
        return trust.diagnose(nodeId).stream().map(c -> new Check(c.check(), c.result(), c.detail())).toList();
    }

    /** @param dialect {@code hutong}, {@code kuscia} or {@code fate-flow}; another is a parameter error */
    public Peer setDialect(String nodeId, String dialect) {
        return peer(trust.setDialect(nodeId, PeerDialect.of("dialect", dialect)));
    }

    /** The dialects a peer may speak, by their wire names. */
    public static List<String> dialects() {
        return List.of(PeerDialect.values()).stream().map(PeerDialect::wireName).toList();
    }

    private static Peer peer(PeerView p) {
        return new Peer(p.node_id(), p.base_url(), p.dialect(), p.unsigned(), p.algorithm(), p.fingerprint(),
                p.previous_fingerprint(), p.previous_valid_until(), p.card_announcement());
    }
}
