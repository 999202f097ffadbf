package io.hutong.trust.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.JobAdmission;
import io.hutong.interconn.JobDataset;
import io.hutong.node.PeerClient;
import io.hutong.node.LocalNode;
import io.hutong.node.PeerException;
import io.hutong.node.Peers;
import io.hutong.protocol.ResourceToken;
import io.hutong.protocol.TokenTriple;
import io.hutong.storage.Sql;
import io.hutong.trust.internal.TrustViews.Grant;
import io.hutong.trust.internal.TrustViews.Received;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Multi-party resource tokens. As a holder this node grants other nodes access to its datasets,
 * and when {@code resource-tokens.enforce} is on rejects their jobs that use its datasets without
 * a valid token. As a grantee it keeps the tokens it was given and attaches them to its calls to
 * their holder.
 */
@Component
class ResourceTokens implements JobAdmission {

    private static final Logger log = LoggerFactory.getLogger(ResourceTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final NodeKeys keys;
    private final LocalNode local;
    private final Peers peers;
    private final BfiaJobs jobs;
    private final PeerClient peerClient;
    private final TrustProperties properties;
    private final ApiDates dates;
    private final Clock clock;
    private volatile Set<String> holders;
    private volatile Instant holdersReadAt = Instant.MIN;

    ResourceTokens(JdbcClient jdbc, NodeKeys keys, LocalNode local, Peers peers, BfiaJobs jobs, PeerClient peerClient,
            TrustProperties properties, ApiDates dates, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.local = local;
        this.peers = peers;
        this.jobs = jobs;
        this.peerClient = peerClient;
        this.properties = properties;
        this.dates = dates;
        this.clock = clock;
    }

    /** Issues a token, signed with this node's key, and hands it to the grantee's node; returns it and whether it arrived. */
    Map<String, Object> issue(String urn, String level, String grantee, Instant expiresAt) {
        peers.find(grantee).orElseThrow(() -> ApiException.invalid("grantee", "peer(" + grantee + " is not a known peer)"));
        Instant expiry = expiresAt != null ? expiresAt : clock.instant().plus(properties.resourceTokens().validity());
        if (!expiry.isAfter(clock.instant())) {
            throw ApiException.invalid("expires_at", "future");
        }
        NodeKeys.LocalKey key = keys.active();
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String id = "rt-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String token;
        try {
            token = new ResourceToken(id, urn, level, local.id(), grantee, expiry.toEpochMilli(), key.id())
                    .sign(key.privateKey());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage().substring(0, e.getMessage().indexOf(':')),
                    "noSlashOrComma(" + e.getMessage().substring(e.getMessage().indexOf(':') + 2) + ")");
        }
        jdbc.sql("insert into trust_token_grant (id, urn, level, grantee, expires_at, key_id, token, created_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, urn, level, grantee, ts(expiry), key.id(), token, ts(clock.instant())).update();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("grant", grant(id));
        try {
            peerClient.post(grantee, TrustPaths.TOKEN, Map.of("token", token));
            answer.put("delivered", true);
        } catch (PeerException e) {
            log.warn("Token {} could not be handed to {}: {}", id, grantee, e.getMessage());
            answer.put("delivered", false);
            answer.put("delivery_error", e.getMessage());
        }
        return answer;
    }

    List<Grant> grants() {
        return jdbc.sql("select * from trust_token_grant order by created_at, id").query((rs, n) -> grantOf(rs)).list();
    }

    Grant grant(String id) {
        return jdbc.sql("select * from trust_token_grant where id = ?").param(id).query((rs, n) -> grantOf(rs)).optional()
                .orElseThrow(() -> ApiException.notFound("no resource token " + id));
    }

    /** Revokes at once: the next job that presents it is rejected. */
    Grant revoke(String id) {
        grant(id);
        jdbc.sql("update trust_token_grant set revoked_at = coalesce(revoked_at, ?) where id = ?")
                .params(ts(clock.instant()), id).update();
        return grant(id);
    }

    private Grant grantOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant expires = Sql.instant(rs, "expires_at");
        String status = rs.getTimestamp("revoked_at") != null ? "REVOKED"
                : expires.isAfter(clock.instant()) ? "VALID" : "EXPIRED";
        return new Grant(rs.getString("id"), rs.getString("urn"), rs.getString("level"), rs.getString("grantee"),
                dates.format(expires), status, rs.getString("token"));
    }

    /**
     * Keeps a token granted to this node. {@code from} is the holder that delivered it, or null when
     * an administrator imports it.
     */
    Received receive(String from, String token) {
        ResourceToken grant;
        try {
            grant = ResourceToken.parse(token == null ? "" : token.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("token", "resourceToken(" + e.getMessage() + ")");
        }
        if (!local.is(grant.grantee())) {
            throw ApiException.invalid("token", "grantee(granted to " + grant.grantee() + ", not " + local.id() + ")");
        }
        if (from != null ? !from.equals(grant.holder()) : peers.find(grant.holder()).isEmpty()) {
            throw ApiException.invalid("token", "holder(" + grant.holder() + (from != null ? " did not send it"
                    : " is not a known peer") + ")");
        }
        jdbc.sql("""
                insert into trust_token_received (id, holder, urn, level, expires_at, token, received_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""")
                .params(grant.id(), grant.holder(), grant.urn(), grant.level(),
                        ts(Instant.ofEpochMilli(grant.expiresAt())), token.strip(), ts(clock.instant()))
                .update();
        holdersReadAt = Instant.MIN;
        return received().stream().filter(r -> r.id().equals(grant.id())).findFirst().orElseThrow();
    }

    List<Received> received() {
        return jdbc.sql("select * from trust_token_received order by received_at, id")
                .query((rs, n) -> new Received(rs.getString("id"), rs.getString("holder"), rs.getString("urn"),
                        rs.getString("level"), dates.format(Sql.instant(rs, "expires_at")),
                        dates.format(Sql.instant(rs, "received_at"))))
                .list();
    }

    /** The x-mprac-token-set for a call of job {@code jobId} to {@code target}: its datasets' tokens; null when none. */
    String tokenSetFor(String target, String jobId) {
        if (!holders().contains(target)) {
            return null;
        }
        List<String> urns = jobs.datasets(jobId).stream().filter(d -> d.nodeId().equals(target)).map(JobDataset::urn)
                .distinct().toList();
        List<TokenTriple> triples = new ArrayList<>();
        for (String urn : urns) {
            jdbc.sql("""
                    select level, token from trust_token_received where holder = ? and urn = ? and expires_at > ?
                    order by expires_at desc limit 1""").params(target, urn, ts(clock.instant()))
                    .query((rs, n) -> new TokenTriple(urn, rs.getString(1), rs.getString(2))).optional()
                    .ifPresent(triples::add);
        }
        return triples.isEmpty() ? null : TokenTriple.formatSet(triples);
    }

    private Set<String> holders() {
        if (holders == null || holdersReadAt.plus(properties.cacheTtl()).isBefore(Instant.now())) {
            holders = Set.copyOf(jdbc.sql("select distinct holder from trust_token_received").query(String.class).list());
            holdersReadAt = Instant.now();
        }
        return holders;
    }

    @Override
    public String refusal(Request request) {
        if (!properties.resourceTokens().enforce() || request.datasets().isEmpty()) {
            return null;
        }
        List<TokenTriple> triples;
        try {
            triples = TokenTriple.parseSet(request.resourceTokens());
        } catch (IllegalArgumentException e) {
            return "no valid resource token from " + request.requestingNode() + ": " + e.getMessage();
        }
        for (String urn : request.datasets().stream().map(JobDataset::urn).distinct().toList()) {
            String why = "none was sent";
            for (TokenTriple triple : triples.stream().filter(t -> t.urn().equals(urn)).toList()) {
                why = problem(triple, request.requestingNode());
                if (why == null) {
                    break;
                }
            }
            if (why != null) {
                return "no valid resource token from " + request.requestingNode() + " for " + urn + " (" + why + ")";
            }
        }
        return null;
    }

    /** Why a presented token does not grant its URN to the requesting node; null when it does. */
    private String problem(TokenTriple triple, String requestingNode) {
        ResourceToken token;
        try {
            token = ResourceToken.parse(triple.token());
        } catch (IllegalArgumentException e) {
            return "malformed token";
        }
        if (!local.is(token.holder()) || !token.urn().equals(triple.urn()) || !token.level().equals(triple.level())) {
            return "the token is for another resource, level or holder";
        }
        if (!token.grantee().equals(requestingNode)) {
            return "the token was granted to " + token.grantee();
        }
        if (!Instant.ofEpochMilli(token.expiresAt()).isAfter(clock.instant())) {
            return "the token expired at " + dates.format(Instant.ofEpochMilli(token.expiresAt()));
        }
        var signedBy = keys.byId(token.keyId());
        if (signedBy.isEmpty() || !token.verify(triple.token(), signedBy.get().publicKey())) {
            return "the token's signature does not verify";
        }
        Boolean revoked = jdbc.sql("select revoked_at is not null from trust_token_grant where id = ?").param(token.id())
                .query(Boolean.class).optional().orElse(null);
        if (revoked == null) {
            return "this node never issued token " + token.id();
        }
        return revoked ? "token " + token.id() + " was revoked" : null;
    }
}
