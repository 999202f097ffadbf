package io.hutong.trust.api;

import io.hutong.protocol.NodeCard;
import io.hutong.trust.internal.TrustAdmin;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The card anyone may read (the standard lets node information go unsigned); importing it is an admin's act. */
@RestController
@BfiaApi
@Tag(name = "Node trust", description = "This node's card: node id, base URL, algorithm, public key or certificate chain")
class NodeCardController {

    private final TrustAdmin trust;

    NodeCardController(TrustAdmin trust) {
        this.trust = trust;
    }

    @GetMapping("/v1/interconn/node/card")
    @Operation(summary = "This node's card", description = "Compare its key's fingerprint (GET /admin/trust/card) with "
            + "the node's administrator before importing it.")
    BfiaResponse<NodeCard> card() {
        return BfiaResponse.ok(trust.card());
    }
}
