package io.hutong.trust.internal;

import io.hutong.node.CallNonce;
import io.hutong.node.CallNonce.Answer;
import io.hutong.node.IncomingCall;
import io.hutong.node.LocalNode;
import io.hutong.node.PeerCaller;
import io.hutong.node.Peers;
import io.hutong.node.RequestVerifier;
import io.hutong.protocol.BfiaHeaders;
import io.hutong.protocol.CanonicalRequest;
import io.hutong.protocol.RequestSignature;
import io.hutong.storage.AfterTransaction;
import io.hutong.trust.internal.PeerKeys.PeerTrust;
import io.hutong.web.ApiException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets in an east-west call only from a signed-up peer, addressed to this node, timely, with a
 * fresh nonce, the CSRF header on POST, and a signature over the canonical string that matches
 * the body received. Peers an administrator marked unsigned (FATE-Flow, Kuscia) are let in
 * without a signature, their dialect tolerated: underscore headers, timestamps in seconds, and no
 * nonce, target or CSRF header (each checked when sent).
 */
class StrictVerifier implements RequestVerifier {

    private static final Logger log = LoggerFactory.getLogger(StrictVerifier.class);
    /** Below this an x-timestamp is in seconds (Kuscia); 10^11 ms is 1973, 10^11 s is the year 5138. */
    private static final long SECONDS_BELOW = 100_000_000_000L;

    private final Peers peers;
    private final PeerKeys keys;
    private final NonceStore nonces;
    private final CallAnswers answers;
    private final LocalNode local;
    private final Clock clock;
    private final Duration window;

    StrictVerifier(Peers peers, PeerKeys keys, NonceStore nonces, CallAnswers answers, LocalNode local, Clock clock,
            Duration window) {
        this.peers = peers;
        this.keys = keys;
        this.nonces = nonces;
        this.answers = answers;
        this.local = local;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public PeerCaller verify(IncomingCall call) {
        return verify(call, false);
    }

    @Override
    public PeerCaller verifyNonceLater(IncomingCall call) {
        return verify(call, true);
    }

    private PeerCaller verify(IncomingCall call, boolean nonceLater) {
        try {
            return check(call, nonceLater);
        } catch (ApiException refused) {
            refused(call, refused);
            throw refused;
        }
    }

    private static void refused(IncomingCall call, ApiException refusal) {
        log.warn("Refused east-west {} {} from {}: {}", call.method(), call.path(), call.sourceNode(),
                refusal.getMessage());
    }

    private PeerCaller check(IncomingCall call, boolean nonceLater) {
        String source = call.sourceNode();
        if (source == null) {
            throw Refusal.MISSING_HEADER.because("x-source-node-id is required");
        }
        if (peers.find(source).isEmpty()) {
            throw Refusal.UNKNOWN_SOURCE.because(source + " is not a peer of " + local.id());
        }
        PeerTrust peer = keys.find(source).orElse(null);
        boolean dialect = peer != null && peer.unsigned();
        if (!dialect && (peer == null || peer.problem() != null)) {
            throw Refusal.NO_KEY.because(peer == null ? "no card of " + source
                    + " was imported here (PUT /admin/trust/peers)" : peer.problem());
        }
        String target = call.header(BfiaHeaders.TARGET_NODE_ID, "x_target_node_id");
        if (target == null ? !dialect : !local.is(target)) {
            throw target == null ? Refusal.MISSING_HEADER.because("x-target-node-id is required")
                    : Refusal.WRONG_TARGET.because("x-target-node-id " + target + " is not this node (" + local.id() + ")");
        }
        String timestamp = call.header(BfiaHeaders.TIMESTAMP, "x_timestamp");
        Instant sent = timestamp == null && dialect ? null : sentAt(timestamp, dialect);
        String nonce = call.header(BfiaHeaders.NONCE, "x_nonce");
        if (nonce == null && !dialect) {
            throw Refusal.MISSING_HEADER.because("x-nonce is required");
        }
        if (!dialect) {
            if (call.method().equals("POST") && call.header(BfiaHeaders.CSRF_PROTECTION, "x_csrf_protection") == null) {
                throw Refusal.NO_CSRF_PROTECTION.because("a POST needs the x-csrf-protection header");
            }
            checkSignature(call, source, target, nonce, timestamp, peer);
        }
        String tokens = call.header(BfiaHeaders.MPRAC_TOKEN_SET, "x_mprac_token_set");
        if (nonce == null) {
            return new PeerCaller(source, tokens);
        }
        Instant expires = (sent == null ? clock.instant() : sent).plus(window);
        String bodySha256 = dialect ? CanonicalRequest.sha256Hex(call.body()) : null;
        if (dialect) {
            // an unsigned peer that repeats a call with its nonce (FATE-Flow after a timeout) gets the first answer
            Optional<CallAnswers.Stored> first = answers.find(source, nonce);
            if (first.isPresent()) {
                if (!first.get().bodySha256().equals(bodySha256)) {
                    throw replayed(source, nonce);
                }
                return new PeerCaller(source, tokens, new RepeatedCall(first.get().answer()));
            }
        }
        CallNonce recorded;
        if (nonces.seenHere(source, nonce)) {
            throw replayed(source, nonce);
        }
        if (nonceLater) {
            recorded = new LaterNonce(call, source, nonce, expires);
        } else if (!nonces.record(source, nonce, expires, false)) {
            throw replayed(source, nonce);
        } else {
            recorded = CallNonce.NONE;
        }
        return new PeerCaller(source, tokens, dialect ? new AnsweredNonce(recorded, source, nonce, bodySha256, expires)
                : recorded);
    }

    /** An exact repeat of an unsigned peer's call: nothing to record, the first answer to send again. */
    private record RepeatedCall(Answer answer) implements CallNonce {

        @Override
        public void record() {
        }

        @Override
        public void settle() {
        }

        @Override
        public Optional<Answer> repeatOf() {
            return Optional.of(answer);
        }
    }

    /** An unsigned peer's nonce: as recorded, and its call's answer kept for a repeat. */
    private final class AnsweredNonce implements CallNonce {

        private final CallNonce recorded;
        private final String source;
        private final String nonce;
        private final String bodySha256;
        private final Instant expires;

        AnsweredNonce(CallNonce recorded, String source, String nonce, String bodySha256, Instant expires) {
            this.recorded = recorded;
            this.source = source;
            this.nonce = nonce;
            this.bodySha256 = bodySha256;
            this.expires = expires;
        }

        @Override
        public void record() {
            recorded.record();
        }

        @Override
        public void settle() {
            recorded.settle();
        }

        @Override
        public void answered(Answer answer) {
            answers.store(source, nonce, bodySha256, answer, expires);
        }
    }

    /** A nonce the endpoint records in its transaction; settled on its own when that did not commit. */
    private final class LaterNonce implements CallNonce {

        private final IncomingCall call;
        private final String source;
        private final String nonce;
        private final Instant expires;
        private volatile boolean committed;

        LaterNonce(IncomingCall call, String source, String nonce, Instant expires) {
            this.call = call;
            this.source = source;
            this.nonce = nonce;
            this.expires = expires;
        }

        @Override
        public void record() {
            if (!nonces.record(source, nonce, expires, true)) {
                ApiException refusal = replayed(source, nonce);
                refused(call, refusal);
                throw refusal;
            }
            AfterTransaction.commit(() -> committed = true);
        }

        @Override
        public void settle() {
            if (!committed) {
                nonces.record(source, nonce, expires, false);
            }
        }
    }

    private static ApiException replayed(String source, String nonce) {
        return Refusal.REPLAYED_NONCE.because("x-nonce " + nonce + " of " + source + " was already used");
    }

    private Instant sentAt(String timestamp, boolean dialect) {
        if (timestamp == null) {
            throw Refusal.MISSING_HEADER.because("x-timestamp is required");
        }
        long value;
        try {
            value = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw Refusal.TIMESTAMP.because("x-timestamp " + timestamp + " is not milliseconds since the epoch");
        }
        Instant sent = dialect && value < SECONDS_BELOW ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(window)) || sent.isAfter(now.plus(window))) {
            throw Refusal.TIMESTAMP.because("x-timestamp " + timestamp + " is more than " + window.toSeconds()
                    + " s away from this node's clock (" + now.toEpochMilli() + ")");
        }
        return sent;
    }

    private void checkSignature(IncomingCall call, String source, String target, String nonce, String timestamp,
            PeerTrust peer) {
        String signature = call.header(BfiaHeaders.AUTH_SIGN, "x_auth_sign");
        if (signature == null) {
            throw Refusal.NO_SIGNATURE.because("x-auth-sign is required");
        }
        String received = CanonicalRequest.sha256Hex(call.body());
        String claimed = call.header(BfiaHeaders.CONTENT_SHA256);
        CanonicalRequest canonical;
        try {
            canonical = new CanonicalRequest(call.method(), call.path(), call.query(), source, target, nonce, timestamp,
                    call.header(BfiaHeaders.TRACE_ID), call.header(BfiaHeaders.MPRAC_TOKEN_SET),
                    claimed != null ? claimed : received);
            canonical.text();
        } catch (IllegalArgumentException malformedQuery) {
            throw Refusal.BAD_SIGNATURE.because("the query string is not well-formed percent-encoding");
        }
        boolean valid = false;
        for (PublicKey key : peer.keysAt(clock.instant())) {
            if (RequestSignature.verify(key, signature, canonical)) {
                valid = true;
                break;
            }
        }
        if (!valid) {
            throw Refusal.BAD_SIGNATURE.because("x-auth-sign does not verify with the " + peer.algorithm() + " key of "
                    + source);
        }
        if (!received.equalsIgnoreCase(canonical.bodySha256())) {
            throw Refusal.BODY_DIGEST.because("the body received does not match the signed digest (x-content-sha256)");
        }
    }
}
