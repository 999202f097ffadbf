package io.hutong.trust.internal;

import io.hutong.node.Peer;
import io.hutong.node.PeerClient;
import io.hutong.node.PeerClient.Probe;
import io.hutong.node.PeerDialect;
import io.hutong.node.PeerException;
import io.hutong.node.Peers;
import io.hutong.protocol.NodeCard;
import io.hutong.trust.internal.TrustViews.PeerCheck;
import io.hutong.trust.internal.TrustViews.PeerView;
import io.hutong.web.ApiException;
import io.hutong.web.Echo;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a peer the way an operator would by hand: can it be reached, over what TLS, is its clock
 * within the timestamp window, does the card it serves carry the key imported here, does a call
 * signed with this node's current key get through its verification, and so does it have that key.
 */
@Component
class PeerDiagnosis {

    private static final String CARD = "/v1/interconn/node/card";
    private static final String STATUS_ALL = "/v1/interconn/schedule/job/status_all";

    private final Peers peers;
    private final PeerKeys keys;
    private final NodeKeys local;
    private final PeerClient client;
    private final JsonMapper json;
    private final Clock clock;
    private final TrustProperties properties;

    PeerDiagnosis(Peers peers, PeerKeys keys, NodeKeys local, PeerClient client, JsonMapper json,
            TrustProperties properties) {
        this.peers = peers;
        this.keys = keys;
        this.local = local;
        this.client = client;
        this.json = json;
        // skew is judged against the wall clock, as the peer's verifier does
        this.clock = Clock.systemUTC();
        this.properties = properties;
    }

    List<PeerCheck> diagnose(String nodeId) {
        Peer peer = peers.find(nodeId).orElseThrow(() -> ApiException.notFound("node " + Echo.cut(nodeId)
                + " is not a peer of this node"));
        PeerView view = keys.view(nodeId).orElseThrow();
        List<PeerCheck> checks = new ArrayList<>();
        long sent = clock.millis();
        Probe probe;
        try {
            probe = client.probe(nodeId, CARD);
        } catch (PeerException e) {
            checks.add(fail("reachability", e.getMessage()));
            for (String skipped : List.of("tls", "clock", "card", "signed-round-trip", "has-current-key")) {
                checks.add(warn(skipped, "not checked: the peer cannot be reached"));
            }
            return checks;
        }
        checks.add(pass("reachability", peer.baseUrl() + " answered HTTP " + probe.status() + " in "
                + probe.took().toMillis() + " ms"));
        checks.add(tls(probe.tls()));
        checks.add(clock(probe, sent));
        if (peer.dialect() != PeerDialect.HUTONG || view.unsigned()) {
            String why = "a " + peer.dialect().wireName() + " peer signs nothing and is sent nothing signed";
            checks.add(warn("card", "not checked: " + why));
            checks.add(warn("signed-round-trip", "not checked: " + why));
            checks.add(warn("has-current-key", "not checked: " + why));
            return checks;
        }
        checks.add(card(probe, view));
        if (!properties.enabled()) {
            String why = "hutong.trust.enabled=false here: calls go out unsigned";
            checks.add(warn("signed-round-trip", "not checked: " + why));
            checks.add(warn("has-current-key", "not checked: " + why));
            return checks;
        }
        roundTrip(nodeId, view, checks);
        return checks;
    }

    private static PeerCheck tls(SSLSession tls) {
        if (tls == null) {
            return warn("tls", "plain HTTP: calls are signed but travel unencrypted");
        }
        String subject;
        try {
            Certificate[] chain = tls.getPeerCertificates();
            subject = chain.length > 0 && chain[0] instanceof X509Certificate leaf
                    ? ", certificate " + leaf.getSubjectX500Principal().getName() + " valid until " + leaf.getNotAfter()
                            .toInstant()
                    : "";
        } catch (SSLPeerUnverifiedException e) {
            subject = ", no verified certificate";
        }
        return pass("tls", tls.getProtocol() + " " + tls.getCipherSuite() + subject);
    }

    /** The peer's clock from its Date header (whole seconds), against the middle of the exchange. */
    private PeerCheck clock(Probe probe, long sentMillis) {
        if (probe.peerClock() == null) {
            return warn("clock", "the peer sent no Date header: its clock cannot be read");
        }
        long middle = sentMillis + probe.took().toMillis() / 2;
        Duration skew = Duration.ofMillis(probe.peerClock().toEpochMilli() - middle);
        Duration window = properties.timestampWindow();
        // the Date header has whole seconds: a second is within its precision
        String detail = "the peer's clock is " + describe(skew) + " (Date header, ±1 s); timestamp window "
                + window.toSeconds() + " s";
        Duration size = skew.abs().minusSeconds(1);
        if (size.compareTo(window) >= 0) {
            return fail("clock", detail + ": its calls here, and this node's calls there, are refused");
        }
        if (size.compareTo(window.dividedBy(2)) >= 0) {
            return warn("clock", detail + ": over half the window; synchronise the clocks (NTP)");
        }
        return pass("clock", detail);
    }

    private static String describe(Duration skew) {
        long millis = skew.toMillis();
        if (Math.abs(millis) < 1000) {
            return "in step";
        }
        return String.format("%.1f s %s", Math.abs(millis) / 1000.0, millis > 0 ? "ahead" : "behind");
    }

    /** Whether the card the peer serves now carries the key imported here. */
    private PeerCheck card(Probe probe, PeerView view) {
        NodeCard served;
        try {
            JsonNode body = json.readTree(probe.body());
            served = json.treeToValue(body.path("data"), NodeCard.class);
            served.publicKey();
        } catch (RuntimeException e) {
            return warn("card", CARD + " answered HTTP " + probe.status() + " without a readable card");
        }
        String fingerprint = NodeCard.fingerprint(served.publicKey());
        if (!view.node_id().equals(served.node_id())) {
            return fail("card", "the peer's card names node " + Echo.cut(served.node_id()) + ", not "
                    + view.node_id());
        }
        if (fingerprint.equals(view.fingerprint())) {
            return pass("card", "the peer serves the imported key, fingerprint " + fingerprint);
        }
        if (fingerprint.equals(view.previous_fingerprint())) {
            return warn("card", "the peer serves its previous key " + fingerprint + "; the imported one is "
                    + view.fingerprint());
        }
        return warn("card", "the peer now serves key " + fingerprint + ", not the imported " + view.fingerprint()
                + ": compare it with its administrator and import its card again");
    }

    /**
     * A signed status_all of a job nobody has: a peer that verified the signature answers that the job
     * is unknown; one that did not names its refusal ([bad_signature], [no_key], [timestamp], …).
     */
    private void roundTrip(String nodeId, PeerView view, List<PeerCheck> checks) {
        String current = NodeCard.fingerprint(local.card().publicKey());
        String job = "job-diagnose-" + UUID.randomUUID().toString().replace("-", "");
        long started = System.nanoTime();
        String refusal;
        try {
            client.get(nodeId, STATUS_ALL, "job_id=" + job);
            refusal = null;
        } catch (PeerException e) {
            if (!e.reachable()) {
                checks.add(fail("signed-round-trip", e.getMessage()));
                checks.add(warn("has-current-key", "not checked: the signed call did not get through"));
                return;
            }
            refusal = e.getMessage().contains("east-west call refused") ? e.getMessage() : null;
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (refusal == null) {
            checks.add(pass("signed-round-trip", "a call signed with " + local.card().algorithm() + " was "
                    + "verified and answered in " + millis + " ms"));
            checks.add(view.card_announcement() == null
                    ? pass("has-current-key", "the peer verified this node's current key, fingerprint " + current)
                    : warn("has-current-key", "the peer verified the current key, yet its announcement is "
                            + "recorded as " + view.card_announcement()));
            return;
        }
        checks.add(fail("signed-round-trip", refusal));
        checks.add(refusal.contains("[bad_signature]") || refusal.contains("[no_key]")
                || refusal.contains("[unknown_source]")
                ? fail("has-current-key", "the peer does not verify this node's current key " + current
                        + (view.card_announcement() == null ? "" : " (announcement " + view.card_announcement() + ")")
                        + ": import this node's card there (GET /admin/trust/card)")
                : warn("has-current-key", "not checked: the peer refused the call for another reason"));
    }

    private static PeerCheck pass(String check, String detail) {
        return new PeerCheck(check, "PASS", detail);
    }

    private static PeerCheck warn(String check, String detail) {
        return new PeerCheck(check, "WARN", detail);
    }

    private static PeerCheck fail(String check, String detail) {
        return new PeerCheck(check, "FAIL", detail);
    }
}
