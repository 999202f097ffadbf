package io.hutong.trust.api;

import io.hutong.account.AdminApi;
import io.hutong.interconn.JobDataset;
import io.hutong.protocol.NodeCard;
import io.hutong.trust.internal.TrustAdmin;
import io.hutong.trust.internal.TrustViews.Grant;
import io.hutong.trust.internal.TrustViews.PeerCheck;
import io.hutong.trust.internal.TrustViews.PeerView;
import io.hutong.trust.internal.TrustViews.Received;
import io.hutong.web.ApiDates;
import io.hutong.node.PeerDialect;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.TextLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AdminApi
@RequestMapping("/admin/trust")
@Tag(name = "Node trust", description = "Admin API: this node's card and key, signing up with peers, resource tokens")
class AdminTrustController {

    private final TrustAdmin trust;
    private final ApiDates dates;

    AdminTrustController(TrustAdmin trust, ApiDates dates) {
        this.trust = trust;
        this.dates = dates;
    }

    @GetMapping("card")
    @Operation(summary = "This node's card, to import at the peers it signs up with")
    InfiniteResponse<Map<String, Object>> card() {
        NodeCard card = trust.card();
        return InfiniteResponse.ok(Map.of("card", card, "fingerprint", NodeCard.fingerprint(card.publicKey())));
    }

    @PostMapping("rotate")
    @Operation(summary = "Rotate this node's key", description = "Signs with the new key at once and sends the new card "
            + "to every signed-up peer; they keep accepting the old key for hutong.trust.rotation-overlap. A peer that "
            + "did not take it is asked again every hutong.trust.announce-retry until it does.")
    InfiniteResponse<Map<String, Object>> rotate() {
        return InfiniteResponse.ok(trust.rotate());
    }

    @GetMapping("peers")
    @Operation(summary = "Peers with how they sign and their key fingerprints")
    InfiniteResponse<List<PeerView>> peers() {
        return InfiniteResponse.ok(trust.peers());
    }

    @PutMapping("peers")
    @Operation(summary = "Sign up with a peer: import its card", description = "Makes the node a peer, or replaces its "
            + "card; a changed key takes effect at once, the old one verifies for the rotation overlap.")
    InfiniteResponse<PeerView> importCard(@RequestBody CardBody card) {
        return InfiniteResponse.ok(trust.importCard(card.card()));
    }

    record UnsignedRequest(Boolean unsigned) {
    }

    record DialectRequest(String dialect) {
    }

    @PutMapping("peers/{nodeId}/dialect")
    @Operation(summary = "How a peer speaks BFIA: hutong (the default), kuscia or fate-flow", description = "Decides "
            + "both directions for that peer: success code and envelope, header spelling and timestamp unit, the DAG "
            + "component shape, the status_all shapes, and which calls it is sent. A kuscia or fate-flow peer signs "
            + "nothing and is let in unsigned; hutong makes it strict again.")
    InfiniteResponse<PeerView> dialect(@PathVariable String nodeId, @RequestBody DialectRequest request) {
        if (request.dialect() == null || request.dialect().isBlank()) {
            throw ApiException.invalid("dialect", "notBlank");
        }
        return InfiniteResponse.ok(trust.setDialect(nodeId, PeerDialect.of("dialect", request.dialect().strip())));
    }

    @PostMapping("peers/{nodeId}/diagnose")
    @Operation(summary = "Check a peer: PASS/WARN/FAIL lines", description = "reachability (an unsigned GET of its "
            + "card), tls (protocol, cipher, certificate), clock (its Date header against hutong.trust.timestamp-window), "
            + "card (does it serve the key imported here), signed-round-trip (a signed status_all of a job nobody has) "
            + "and has-current-key (did it verify this node's current key). Kuscia and FATE-Flow peers get the first "
            + "three. A FAIL means calls between the nodes will not get through.")
    InfiniteResponse<List<PeerCheck>> diagnose(@PathVariable String nodeId) {
        return InfiniteResponse.ok(trust.diagnose(nodeId));
    }

    @PutMapping("peers/{nodeId}/unsigned")
    @Operation(summary = "Mark a peer as unable to sign (FATE-Flow, Kuscia), or strict again", description = "Only "
            + "such peers are let in without a signature; underscore headers and seconds timestamps are read.")
    InfiniteResponse<PeerView> unsigned(@PathVariable String nodeId, @RequestBody UnsignedRequest request) {
        if (request.unsigned() == null) {
            throw ApiException.invalid("unsigned", "notNull");
        }
        return InfiniteResponse.ok(trust.markUnsigned(nodeId, request.unsigned()));
    }

    /**
     * @param dataset_id a dataset of this node, as jobs name it; or {@code urn} directly
     * @param expires_at {@code yyyy-MM-dd HH:mm:ss}; default now + hutong.trust.resource-tokens.validity
     */
    record IssueRequest(String urn, String dataset_id, String level, String grantee, String expires_at) {
    }

    @PostMapping("tokens")
    @Operation(summary = "Grant a node access to a dataset of this node", description = "Signed with this node's key "
            + "and handed to the grantee's node at once (delivered=false when it could not be reached: import the token "
            + "there with POST /admin/trust/tokens/received).")
    InfiniteResponse<Map<String, Object>> issue(@RequestBody IssueRequest request) {
        boolean hasUrn = request.urn() != null && !request.urn().isBlank();
        boolean hasDataset = request.dataset_id() != null && !request.dataset_id().isBlank();
        if (hasUrn == hasDataset) {
            throw ApiException.invalid("urn", "exactlyOneOf(urn,dataset_id)");
        }
        if (request.grantee() == null || request.grantee().isBlank()) {
            throw ApiException.invalid("grantee", "notBlank");
        }
        String urn = hasUrn ? request.urn().strip()
                : JobDataset.urn(trust.card().node_id(), request.dataset_id().strip());
        String level = request.level() == null || request.level().isBlank() ? "use" : request.level().strip();
        return InfiniteResponse.ok(trust.issue(urn, level, request.grantee().strip(),
                dates.parse("expires_at", request.expires_at())));
    }

    @GetMapping("tokens")
    @Operation(summary = "Tokens this node issued, VALID, EXPIRED or REVOKED")
    InfiniteResponse<List<Grant>> grants() {
        return InfiniteResponse.ok(trust.grants());
    }

    @DeleteMapping("tokens/{id}")
    @Operation(summary = "Revoke a token", description = "Jobs that present it are rejected from now on.")
    InfiniteResponse<Grant> revoke(@PathVariable String id) {
        return InfiniteResponse.ok(trust.revoke(id));
    }

    @GetMapping("tokens/received")
    @Operation(summary = "Tokens other nodes granted this node (attached to its calls to their holder)")
    InfiniteResponse<List<Received>> received() {
        return InfiniteResponse.ok(trust.received());
    }

    record ReceivedRequest(@TextLimit(TrustLimits.TOKEN) String token) {
    }

    @PostMapping("tokens/received")
    @Operation(summary = "Import a token a holder granted this node")
    InfiniteResponse<Received> receive(@RequestBody ReceivedRequest request) {
        return InfiniteResponse.ok(trust.receive(null, request.token()));
    }
}
