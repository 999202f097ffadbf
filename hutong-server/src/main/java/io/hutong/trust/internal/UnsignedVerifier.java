package io.hutong.trust.internal;

import io.hutong.node.IncomingCall;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.node.PeerCaller;
import io.hutong.node.RequestVerifier;
import io.hutong.web.ApiException;

/**
 * Only when node trust is switched off ({@code hutong.trust.enabled=false}): the caller is who its
 * x-source-node-id says (FATE's x_node_id and Kuscia's X-Node-Id are read too).
 */
class UnsignedVerifier implements RequestVerifier {

    @Override
    public PeerCaller verify(IncomingCall call) {
        String source = call.sourceNode();
        if (source == null) {
            throw ApiException.invalid("x-source-node-id", "notNull");
        }
        return new PeerCaller(source, call.header(BfiaHeaders.MPRAC_TOKEN_SET, "x_mprac_token_set"));
    }
}
