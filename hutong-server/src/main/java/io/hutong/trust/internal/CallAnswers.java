package io.hutong.trust.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.node.CallNonce.Answer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The first answers to unsigned peers' calls, by nonce, with the digest of the body they answered:
 * an exact repeat gets the answer again, a different body under a used nonce is a replay.
 */
@Component
class CallAnswers {

    private final JdbcClient jdbc;
    private final Clock clock;

    CallAnswers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored first answer, with the digest of the body it answered. */
    record Stored(String bodySha256, Answer answer) {
    }

    Optional<Stored> find(String sourceNode, String nonce) {
        return jdbc.sql("select body_sha256, status, content_type, body from trust_call_answer where source_node = ? "
                        + "and nonce = ?").params(sourceNode, nonce)
                .query((rs, n) -> new Stored(rs.getString(1), new Answer(rs.getInt(2), rs.getString(3), rs.getBytes(4))))
                .optional();
    }

    void store(String sourceNode, String nonce, String bodySha256, Answer answer, Instant expiresAt) {
        jdbc.sql("""
                insert into trust_call_answer (source_node, nonce, body_sha256, status, content_type, body, expires_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(sourceNode, nonce, bodySha256, answer.status(), answer.contentType(), answer.body(), ts(expiresAt))
                .update();
    }

    void forgetExpired() {
        jdbc.sql("delete from trust_call_answer where expires_at < ?").param(ts(clock.instant())).update();
    }
}
