package io.hutong.trust.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.node.LocalNode;
import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import io.hutong.protocol.Certificates;
import io.hutong.protocol.NodeCard;
import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.storage.Sql;
import io.hutong.trust.internal.TrustViews.PeerView;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What this node knows of its peers' keys, from their cards. Read on every east-west call, so
 * kept in memory for {@code cache-ttl}; changes made here take effect at once.
 */
@Component
class PeerKeys {

    /**
     * A peer as the verifier sees it. {@code problem} says why its key cannot be used (no card
     * imported, a certificate no longer valid); null when it can.
     */
    record PeerTrust(String nodeId, boolean unsigned, SignatureAlgorithm algorithm, PublicKey key,
            PublicKey previousKey, Instant previousUntil, String problem, Instant readAt) {

        /** The keys that verify now: the current one, and the previous one during its overlap. */
        List<PublicKey> keysAt(Instant now) {
            return previousKey != null && previousUntil != null && now.isBefore(previousUntil)
                    ? List.of(key, previousKey) : List.of(key);
        }
    }

    private final JdbcClient jdbc;
    private final Peers peers;
    private final LocalNode local;
    private final TrustProperties properties;
    private final Clock clock;
    private final ApiDates dates;
    private final List<X509Certificate> cas;
    private final Map<String, PeerTrust> cache = new ConcurrentHashMap<>();
    private final CardAnnouncements announcements;

    PeerKeys(JdbcClient jdbc, Peers peers, LocalNode local, TrustProperties properties, Clock clock, ApiDates dates,
            CardAnnouncements announcements) {
        this.jdbc = jdbc;
        this.announcements = announcements;
        this.peers = peers;
        this.local = local;
        this.properties = properties;
        this.clock = clock;
        this.dates = dates;
        this.cas = properties.caCertificates() == null ? List.of() : readCas(properties);
    }

    private static List<X509Certificate> readCas(TrustProperties properties) {
        try {
            return Certificates.readPem(Files.readString(properties.caCertificates()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hutong.trust.ca-certificates " + properties.caCertificates(), e);
        }
    }

    /** The peer's trust, when it is a peer with a trust record. */
    Optional<PeerTrust> find(String nodeId) {
        PeerTrust cached = cache.get(nodeId);
        Instant now = Instant.now();
        if (cached != null && cached.readAt().plus(properties.cacheTtl()).isAfter(now)) {
            return Optional.of(cached);
        }
        Optional<PeerTrust> read = jdbc.sql("select * from trust_peer where node_id = ?").param(nodeId)
                .query((rs, n) -> decode(rs, now)).optional();
        read.ifPresentOrElse(trust -> cache.put(nodeId, trust), () -> cache.remove(nodeId));
        return read;
    }

    /**
     * Signs up with the node of {@code card}: it becomes a peer (or its card replaces the one
     * known). A new key replaces the old one at once; the old one still verifies for the overlap.
     */
    @Transactional
    PeerView importCard(NodeCard card) {
        PublicKey key = check(card);
        peers.save(card.node_id(), card.base_url());
        Instant now = clock.instant();
        byte[] encoded = key.getEncoded();
        jdbc.sql("""
                insert into trust_peer (node_id, unsigned, algorithm, public_key, certificate_chain, updated_at)
                values (?, false, ?, ?, ?, ?)
                on conflict (node_id) do update set unsigned = false, algorithm = excluded.algorithm,
                    public_key = excluded.public_key, certificate_chain = excluded.certificate_chain,
                    previous_public_key = case when trust_peer.public_key is null
                        or trust_peer.public_key = excluded.public_key then trust_peer.previous_public_key
                        else trust_peer.public_key end,
                    previous_valid_until = case when trust_peer.public_key is null
                        or trust_peer.public_key = excluded.public_key then trust_peer.previous_valid_until
                        else ? end,
                    updated_at = excluded.updated_at""")
                .params(card.node_id(), card.algorithm(), encoded, chainText(card), ts(now),
                        ts(now.plus(properties.rotationOverlap())))
                .update();
        cache.remove(card.node_id());
        return view(card.node_id()).orElseThrow();
    }

    /** Marks a peer as unable to sign (a FATE-Flow or Kuscia node), or strict again. */
    @Transactional
    PeerView markUnsigned(String nodeId, boolean unsigned) {
        peers.find(nodeId).orElseThrow(() -> ApiException.notFound("no peer " + nodeId));
        jdbc.sql("""
                insert into trust_peer (node_id, unsigned, updated_at) values (?, ?, ?)
                on conflict (node_id) do update set unsigned = excluded.unsigned, updated_at = excluded.updated_at""")
                .params(nodeId, unsigned, ts(clock.instant())).update();
        cache.remove(nodeId);
        return view(nodeId).orElseThrow();
    }

    /**
     * How the peer speaks. Kuscia and FATE-Flow sign nothing, so a peer of either dialect is let in
     * unsigned; back to hutong, it is checked strictly again once its card is imported.
     */
    @Transactional
    PeerView setDialect(String nodeId, PeerDialect dialect) {
        peers.setDialect(nodeId, dialect);
        return markUnsigned(nodeId, !dialect.signs());
    }

    List<PeerView> list() {
        return peers.all().stream().map(peer -> view(peer.nodeId()).orElseThrow()).toList();
    }

    Optional<PeerView> view(String nodeId) {
        return peers.find(nodeId).map(peer -> {
            // read after the row, not while its result set holds a connection
            String announcement = announcements.pending(nodeId);
            return jdbc.sql("select * from trust_peer where node_id = ?").param(nodeId)
                    .query((rs, n) -> new PeerView(nodeId, peer.baseUrl(), peer.dialect().wireName(),
                            rs.getBoolean("unsigned"),
                            rs.getString("algorithm"), fingerprint(rs.getBytes("public_key")),
                            fingerprint(rs.getBytes("previous_public_key")),
                            dates.format(Sql.instant(rs, "previous_valid_until")), announcement))
                    .optional().orElse(new PeerView(nodeId, peer.baseUrl(), peer.dialect().wireName(), false, null, null,
                            null, null, announcement));
        });
    }

    /** The peers that sign their calls with a key this node imported: those a rotated key's card goes to. */
    List<String> signing() {
        return jdbc.sql("select node_id from trust_peer where not unsigned and algorithm is not null order by node_id")
                .query(String.class).list();
    }

    /** Checks a card before it is imported; returns the key it carries. */
    private PublicKey check(NodeCard card) {
        if (card.node_id() == null || card.node_id().isBlank()) {
            throw ApiException.invalid("node_id", "notBlank");
        }
        if (local.is(card.node_id())) {
            throw ApiException.invalid("node_id", "notThisNode(" + card.node_id() + " is this node's own card)");
        }
        if (card.base_url() == null || !card.base_url().matches("https?://\\S+")) {
            throw ApiException.invalid("base_url", "pattern(https?://...)");
        }
        try {
            PublicKey key = card.publicKey();
            if (card.signatureAlgorithm() == SignatureAlgorithm.CERT) {
                Certificates.check(card.certificates(), cas, Date.from(clock.instant()), card.node_id());
            }
            return key;
        } catch (IllegalArgumentException e) {
            int colon = e.getMessage().indexOf(": ");
            throw colon > 0 ? ApiException.invalid(e.getMessage().substring(0, colon), e.getMessage().substring(colon + 2))
                    : ApiException.invalid("card", e.getMessage());
        }
    }

    private PeerTrust decode(ResultSet rs, Instant readAt) throws SQLException {
        String nodeId = rs.getString("node_id");
        boolean unsigned = rs.getBoolean("unsigned");
        String algorithmName = rs.getString("algorithm");
        if (algorithmName == null) {
            return new PeerTrust(nodeId, unsigned, null, null, null, null, "no card of " + nodeId
                    + " was imported here (PUT /admin/trust/peers)", readAt);
        }
        SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(algorithmName);
        String problem = null;
        PublicKey key;
        PublicKey previous;
        try {
            if (algorithm == SignatureAlgorithm.CERT) {
                List<X509Certificate> chain = Certificates.decode(Arrays.asList(rs.getString("certificate_chain")
                        .split("\n")));
                key = chain.get(0).getPublicKey();
                try {
                    // the chain is checked again whenever it is read: a certificate expires, a CA changes
                    Certificates.check(chain, cas, Date.from(clock.instant()), nodeId);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            } else {
                key = algorithm.decodePublicKey(rs.getBytes("public_key"));
            }
            byte[] previousBytes = rs.getBytes("previous_public_key");
            previous = previousBytes == null ? null : decodeAny(previousBytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored key of peer " + nodeId + " is unreadable", e);
        }
        return new PeerTrust(nodeId, unsigned, algorithm, key, previous, Sql.instant(rs, "previous_valid_until"), problem,
                readAt);
    }

    /** A previous key may be of another algorithm than the current one. */
    private static PublicKey decodeAny(byte[] spki) throws GeneralSecurityException {
        for (SignatureAlgorithm algorithm : List.of(SignatureAlgorithm.SHA256_RSA, SignatureAlgorithm.SM2_SM3,
                SignatureAlgorithm.SHA256_ECDSA)) {
            try {
                PublicKey key = algorithm.decodePublicKey(spki);
                if (SignatureAlgorithm.of(key) == algorithm) {
                    return key;
                }
            } catch (GeneralSecurityException | IllegalArgumentException wrongType) {
                // try the next type
            }
        }
        throw new GeneralSecurityException("not an RSA, P-256 or SM2 key");
    }

    private static String chainText(NodeCard card) {
        return card.signatureAlgorithm() == SignatureAlgorithm.CERT ? String.join("\n", card.certificate_chain()) : null;
    }

    private static String fingerprint(byte[] spki) {
        if (spki == null) {
            return null;
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
