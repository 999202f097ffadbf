package io.hutong.trust.api;

import io.hutong.node.EastWestApi;
import io.hutong.node.PeerCaller;
import io.hutong.trust.internal.TrustAdmin;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.hutong.web.TextLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Node trust between signed-up peers: a rotated key's card, a granted resource token. */
@RestController
@EastWestApi
@BfiaApi
@RequestMapping("/v1/interconn/node")
@Tag(name = "Node trust", description = "East-west: peers announce rotated keys and deliver resource tokens")
class TrustEastWestController {

    private final TrustAdmin trust;

    TrustEastWestController(TrustAdmin trust) {
        this.trust = trust;
    }

    @PostMapping("card")
    @Operation(summary = "A peer's new card after its key rotation", description = "Signed with the key this node knows; "
            + "that key keeps verifying for hutong.trust.rotation-overlap.")
    BfiaResponse<Map<String, Object>> announce(PeerCaller caller, @RequestBody CardBody card) {
        trust.announced(caller.nodeId(), card.card());
        return BfiaResponse.ok();
    }

    record TokenDelivery(@TextLimit(TrustLimits.TOKEN) String token) {
    }

    @PostMapping("token")
    @Operation(summary = "A resource token the calling node (its holder) granted this node")
    BfiaResponse<Map<String, Object>> token(PeerCaller caller, @RequestBody TokenDelivery delivery) {
        trust.receive(caller.nodeId(), delivery.token());
        return BfiaResponse.ok();
    }
}
