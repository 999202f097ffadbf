package io.hutong.trust.internal;

import io.hutong.node.OutgoingCall;
import io.hutong.node.RequestSigner;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.protocol.CanonicalRequest;
import io.hutong.protocol.RequestSignature;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Signs every outgoing east-west call with this node's key, after attaching the resource tokens
 * the target holds for the call's job. A card announcement (after a rotation) is signed with the
 * previous key while peers may only know that one.
 */
class NodeSigner implements RequestSigner {

    private final NodeKeys keys;
    // the tokens read jobs through the interconn feature, whose client this signer is part of: resolved late
    private final ObjectProvider<ResourceTokens> tokens;

    NodeSigner(NodeKeys keys, ObjectProvider<ResourceTokens> tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    @Override
    public void sign(OutgoingCall call) {
        Map<String, String> headers = call.headers();
        String tokenSet = call.jobId() == null ? null : tokens.getObject().tokenSetFor(call.targetNode(), call.jobId());
        if (tokenSet != null) {
            headers.put(BfiaHeaders.MPRAC_TOKEN_SET, tokenSet);
        }
        String digest = CanonicalRequest.sha256Hex(call.body());
        headers.put(BfiaHeaders.CONTENT_SHA256, digest);
        CanonicalRequest canonical = new CanonicalRequest(call.method(), call.path(), call.query(),
                headers.get(BfiaHeaders.SOURCE_NODE_ID), headers.get(BfiaHeaders.TARGET_NODE_ID),
                headers.get(BfiaHeaders.NONCE), headers.get(BfiaHeaders.TIMESTAMP), headers.get(BfiaHeaders.TRACE_ID),
                tokenSet, digest);
        NodeKeys.LocalKey key = call.path().equals(TrustPaths.CARD) ? keys.previous().orElse(keys.active())
                : keys.active();
        headers.put(BfiaHeaders.AUTH_SIGN, RequestSignature.sign(key.privateKey(), canonical));
    }
}
