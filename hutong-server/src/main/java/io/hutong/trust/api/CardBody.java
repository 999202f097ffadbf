package io.hutong.trust.api;

import io.hutong.protocol.NodeCard;
import io.hutong.web.TextLimit;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A node's card as a request carries it: the fields of {@link NodeCard}, its key and certificates
 * as long as they need.
 */
@Schema(name = "NodeCard")
record CardBody(String node_id, String base_url, String algorithm, @TextLimit(TrustLimits.KEY) String public_key,
        @TextLimit(TrustLimits.KEY) List<String> certificate_chain) {

    NodeCard card() {
        return new NodeCard(node_id, base_url, algorithm, public_key, certificate_chain);
    }
}
