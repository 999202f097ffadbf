package io.hutong.trust.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.node.PeerClient;
import io.hutong.node.PeerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands this node's new card to its peers after a rotation. A peer that does not take it (down,
 * unreachable, refusing) is asked again every {@code announce-retry} while the previous key, the
 * one the peer knows, may sign the announcement (the rotation overlap). After that only the peer's
 * administrator can import the card; it is still offered, signed with the new key, every
 * {@code announce-retry} × 12, so the pending announcement clears once the peer knows the key.
 * What is pending is in the database, so another replica or a restart goes on with it.
 */
@Component
class CardAnnouncements {

    private static final Logger log = LoggerFactory.getLogger(CardAnnouncements.class);
    /** How long an attempt holds its row, so two replicas do not announce to one peer at once. */
    private static final Duration CLAIM = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final NodeKeys keys;
    private final PeerClient peerClient;
    private final Clock clock;
    private final Duration retry;

    CardAnnouncements(JdbcClient jdbc, NodeKeys keys, PeerClient peerClient,
            TrustProperties properties) {
        Duration retry = properties.announceRetry();
        this.jdbc = jdbc;
        this.keys = keys;
        this.peerClient = peerClient;
        // retry timing is operational: it follows the wall clock
        this.clock = Clock.systemUTC();
        this.retry = retry;
    }

    /** Announces the active key's card to each peer now; returns per peer "accepted" or why not. */
    Map<String, String> announce(List<String> peerNodes) {
        long keyId = activeKeyId();
        Instant now = clock.instant();
        Map<String, String> outcome = new LinkedHashMap<>();
        for (String peer : peerNodes) {
            jdbc.sql("""
                    insert into trust_card_announcement (peer_node, key_id, attempts, next_attempt_at)
                    values (?, ?, 0, ?)
                    on conflict (peer_node) do update set key_id = excluded.key_id, attempts = 0,
                        next_attempt_at = excluded.next_attempt_at, last_error = null""")
                    .params(peer, keyId, ts(now.plus(CLAIM))).update();
            String error = attempt(peer, keyId, 0);
            outcome.put(peer, error == null ? "accepted" : "not delivered yet, asked again: " + error);
        }
        return outcome;
    }

    /** Why the peer has not taken this node's last card, or null when it has. */
    String pending(String peerNode) {
        String prefix = keys.previous().isPresent() ? "pending: " : "not delivered; import the card there by hand: ";
        return jdbc.sql("select coalesce(last_error, 'not asked yet') from trust_card_announcement where peer_node = ?")
                .param(peerNode).query(String.class).optional().map(error -> prefix + error).orElse(null);
    }

    @Scheduled(fixedDelayString = "${hutong.trust.announce-retry:5s}")
    void retryDue() {
        Instant now = clock.instant();
        record Due(String peer, long keyId, int attempts) {
        }
        List<Due> claimed = jdbc.sql("""
                update trust_card_announcement set next_attempt_at = ? where next_attempt_at <= ?
                returning peer_node, key_id, attempts""").params(ts(now.plus(CLAIM)), ts(now))
                .query((rs, n) -> new Due(rs.getString(1), rs.getLong(2), rs.getInt(3))).list();
        if (claimed.isEmpty()) {
            return;
        }
        long keyId = activeKeyId();
        for (Due row : claimed) {
            if (row.keyId() != keyId) {
                // written before another rotation, whose own announcement replaces it
                forget(row.peer(), row.keyId());
            } else {
                attempt(row.peer(), keyId, row.attempts());
            }
        }
    }

    /** One announcement to a claimed row's peer; returns the error, or null when the peer took the card. */
    private String attempt(String peer, long keyId, int attempts) {
        try {
            peerClient.post(peer, TrustPaths.CARD, keys.card());
        } catch (PeerException e) {
            boolean overlap = keys.previous().isPresent();
            if (attempts == 0 || !overlap && attempts % 60 == 0) {
                log.warn(overlap ? "Peer {} did not take this node's new card, asking again: {}"
                        : "Peer {} did not take this node's new card and the rotation overlap is over: import the "
                        + "card there by hand (GET /admin/trust/card): {}", peer, e.getMessage());
            }
            jdbc.sql("update trust_card_announcement set attempts = ?, last_error = ?, next_attempt_at = ? "
                            + "where peer_node = ? and key_id = ?")
                    .params(attempts + 1, e.getMessage(), ts(clock.instant().plus(overlap ? retry : retry.multipliedBy(12))),
                            peer, keyId)
                    .update();
            return e.getMessage();
        }
        if (attempts > 0) {
            log.info("Peer {} took this node's new card after {} attempts", peer, attempts + 1);
        }
        forget(peer, keyId);
        return null;
    }

    private void forget(String peer, long keyId) {
        jdbc.sql("delete from trust_card_announcement where peer_node = ? and key_id = ?").params(peer, keyId).update();
    }

    /** The active key's id, as trust_node_key numbers it. */
    private long activeKeyId() {
        return Long.parseLong(keys.active().id());
    }
}
