package io.hutong.trust.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.storage.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nonces each peer used, until their timestamp has left the window. The database is the
 * truth, shared by replicas and kept across restarts; memory answers repeats without asking it.
 */
@Component
class NonceStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallAnswers answers;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    NonceStore(JdbcClient jdbc, Clock clock, CallAnswers answers) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.answers = answers;
    }

    /** Whether this replica saw the nonce already. */
    boolean seenHere(String sourceNode, String nonce) {
        return seen.containsKey(key(sourceNode, nonce));
    }

    /**
     * Records the nonce in the database whatever this replica saw; false when it was there already
     * (used by another replica, or before a restart).
     *
     * @param inTransaction in the caller's transaction, which commits it with its work; otherwise
     *     committed at once without waiting for the flush: a nonce lost in a crash of the machine lets
     *     one repeat through, and east-west receivers are idempotent
     */
    boolean record(String sourceNode, String nonce, Instant expiresAt, boolean inTransaction) {
        boolean fresh = jdbc.sql("insert into trust_nonce (source_node, nonce, expires_at) values (?, ?, ?) "
                        + "on conflict do nothing returning " + (inTransaction ? "1" : Sql.NO_FLUSH_WAIT))
                .params(sourceNode, nonce, ts(expiresAt)).query(String.class).optional().isPresent();
        seen.put(key(sourceNode, nonce), expiresAt);
        return fresh;
    }

    private static String key(String sourceNode, String nonce) {
        return sourceNode + "\n" + nonce;
    }

    @Scheduled(fixedDelayString = "${hutong.trust.nonce-sweep:60s}")
    void forgetExpired() {
        Instant now = clock.instant();
        seen.values().removeIf(expiry -> expiry.isBefore(now));
        jdbc.sql("delete from trust_nonce where expires_at < ?").param(ts(now)).update();
        answers.forgetExpired();
    }
}
