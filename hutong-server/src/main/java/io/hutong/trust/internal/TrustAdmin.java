package io.hutong.trust.internal;

import io.hutong.node.PeerDialect;
import io.hutong.protocol.NodeCard;
import io.hutong.trust.internal.TrustViews.Grant;
import io.hutong.trust.internal.TrustViews.PeerCheck;
import io.hutong.trust.internal.TrustViews.PeerView;
import io.hutong.trust.internal.TrustViews.Received;
import io.hutong.web.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** What the admin and east-west APIs of node trust do. */
@Service
public class TrustAdmin {

    private static final Logger log = LoggerFactory.getLogger(TrustAdmin.class);

    private final NodeKeys keys;
    private final PeerKeys peers;
    private final ResourceTokens tokens;
    private final CardAnnouncements announcements;
    private final PeerDiagnosis diagnosis;

    TrustAdmin(NodeKeys keys, PeerKeys peers, ResourceTokens tokens, CardAnnouncements announcements,
            PeerDiagnosis diagnosis) {
        this.keys = keys;
        this.peers = peers;
        this.tokens = tokens;
        this.announcements = announcements;
        this.diagnosis = diagnosis;
    }

    public NodeCard card() {
        return keys.card();
    }

    /**
     * A new key, signing at once; every signed-up peer is sent the new card (signed with the old
     * key), and asked again until it takes it (see {@link CardAnnouncements}).
     */
    public Map<String, Object> rotate() {
        keys.rotate();
        NodeCard card = keys.card();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("card", card);
        answer.put("fingerprint", NodeCard.fingerprint(card.publicKey()));
        answer.put("announced", announcements.announce(peers.signing()));
        return answer;
    }

    public List<PeerView> peers() {
        return peers.list();
    }

    public PeerView importCard(NodeCard card) {
        if (card == null) {
            throw ApiException.invalid("card", "notNull");
        }
        return peers.importCard(card);
    }

    /** A peer's new card, announced by the peer itself in a call signed with a key this node knows. */
    public void announced(String caller, NodeCard card) {
        if (card == null || !caller.equals(card.node_id())) {
            throw ApiException.invalid("node_id", "caller(a node announces only its own card)");
        }
        peers.importCard(card);
        log.info("Peer {} rotated its key; the previous one verifies until the overlap ends", caller);
    }

    /** PASS/WARN/FAIL lines about a peer: reachability, TLS, clock skew, its card, a signed round trip, its copy of this node's key. */
    public List<PeerCheck> diagnose(String nodeId) {
        return diagnosis.diagnose(nodeId);
    }

    public PeerView markUnsigned(String nodeId, boolean unsigned) {
        return peers.markUnsigned(nodeId, unsigned);
    }

    public PeerView setDialect(String nodeId, PeerDialect dialect) {
        return peers.setDialect(nodeId, dialect);
    }

    public Map<String, Object> issue(String urn, String level, String grantee, Instant expiresAt) {
        return tokens.issue(urn, level, grantee, expiresAt);
    }

    public List<Grant> grants() {
        return tokens.grants();
    }

    public Grant revoke(String id) {
        return tokens.revoke(id);
    }

    public List<Received> received() {
        return tokens.received();
    }

    /** @param from the holder that delivered it over east-west, or null for an administrator's import */
    public Received receive(String from, String token) {
        return tokens.receive(from, token);
    }
}
