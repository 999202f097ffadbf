package io.hutong.interconn.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.interconn.internal.Messages.Message;
import io.hutong.node.EastWest;
import io.hutong.node.PeerException;
import io.hutong.storage.AfterTransaction;
import io.hutong.storage.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages to other nodes. A message is written in the transaction of the state change that
 * causes it and sent right after that transaction commits; until the peer answers it is retried
 * with backoff. Messages of one job to one node ("a lane") go out in order, lanes in parallel.
 * A lease on the row keeps two replicas from sending the same message at once.
 */
@Component
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS_AFTER_REFUSAL = 20;
    private static final int PURGE_BATCH = 5000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EastWest eastWest;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Duration retention;
    private final ExecutorService senders;
    private final Set<String> activeLanes = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyLanes = ConcurrentHashMap.newKeySet();

    Outbox(JdbcClient jdbc, JsonMapper json, EastWest eastWest,
            @Value("${hutong.interconn.outbox.senders:16}") int senders,
            @Value("${hutong.interconn.outbox.max-backoff:5s}") Duration maxBackoff,
            @Value("${hutong.interconn.outbox.retention:1d}") Duration retention) {
        this.jdbc = jdbc;
        this.json = json;
        this.eastWest = eastWest;
        // delivery timing is operational, not business time: it follows the wall clock
        this.clock = Clock.systemUTC();
        this.maxBackoff = maxBackoff;
        this.retention = retention;
        this.senders = Executors.newFixedThreadPool(senders, runnable -> {
            Thread thread = new Thread(runnable, "bfia-outbox");
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Lane(String target, String jobId) {
        String key() {
            return target + "\n" + jobId;
        }
    }

    private record Row(long id, String path, String body, int attempts) {
    }

    /**
     * Writes the message in the current transaction; it is sent once the transaction commits. A
     * message alone in its lane is leased as it is written and handed to a sender after the commit,
     * with no claim first. That is in order because every message of a job is written under the
     * job's lock (or, for a new job, by the transaction creating it): no other transaction adds to
     * the lane in between, and one that comes after sees this message undelivered and waits its turn.
     */
    void enqueue(String target, Message message) {
        Instant now = clock.instant();
        String body = json.writeValueAsString(message);
        Lane lane = new Lane(target, message.job_id());
        Optional<Row> leased = jdbc.sql("""
                insert into bfia_outbox (job_id, target_node, path, body, created_at, next_attempt_at, lease_until)
                values (?, ?, ?, ?, ?, ?, case when exists (select 1 from bfia_outbox
                    where target_node = ? and job_id = ? and delivered_at is null) then null else cast(? as timestamptz) end)
                returning id, lease_until is not null""")
                .params(message.job_id(), target, message.path(), body, ts(now), ts(now), target, message.job_id(),
                        ts(now.plus(LEASE)))
                .query((rs, n) -> rs.getBoolean(2) ? Optional.of(new Row(rs.getLong(1), message.path(), body, 0))
                        : Optional.<Row>empty()).single();
        if (leased.isPresent()) {
            AfterTransaction.commit(() -> senders.execute(() -> sendFrom(lane, leased.get())));
        } else {
            AfterTransaction.commit(() -> kick(lane));
        }
    }

    /** Retries what is due: messages whose peer did not answer, and any a crashed sender left leased. */
    @Scheduled(fixedDelayString = "${hutong.interconn.outbox.retry-sweep:500ms}")
    void retryDue() {
        Instant now = clock.instant();
        jdbc.sql("""
                select distinct target_node, job_id from bfia_outbox
                where delivered_at is null and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                limit 200""").params(ts(now), ts(now))
                .query((rs, n) -> new Lane(rs.getString(1), rs.getString(2))).list().forEach(this::kick);
    }

    private void kick(Lane lane) {
        if (!activeLanes.add(lane.key())) {
            dirtyLanes.add(lane.key());
            return;
        }
        senders.execute(() -> drain(lane));
    }

    private void drain(Lane lane) {
        try {
            do {
                dirtyLanes.remove(lane.key());
                claim(lane, null).ifPresent(first -> sendFrom(lane, first));
            } while (dirtyLanes.contains(lane.key()));
        } finally {
            activeLanes.remove(lane.key());
            if (dirtyLanes.remove(lane.key())) {
                kick(lane);
            }
        }
    }

    /** Sends a leased message and then the lane's next ones, as long as they are delivered. */
    private void sendFrom(Lane lane, Row leased) {
        Optional<Row> next = Optional.of(leased);
        while (next.isPresent()) {
            next = send(lane, next.get());
        }
    }

    /** @return the lane's next message, claimed, when this one was delivered */
    private Optional<Row> send(Lane lane, Row row) {
        try {
            eastWest.postJson(lane.target(), lane.jobId(), row.path(), row.body());
        } catch (PeerException e) {
            retryLater(row, e);
            return Optional.empty();
        } catch (RuntimeException e) {
            log.error("Sending {} to {} failed", row.path(), lane.target(), e);
            retryLater(row, new PeerException(lane.target(), false, 0, e.toString(), e));
            return Optional.empty();
        }
        return claim(lane, row.id());
    }

    /**
     * Leases the oldest undelivered message of the lane if it is due and nobody holds it; in the
     * same statement marks message {@code delivered} (when not null) delivered.
     */
    private Optional<Row> claim(Lane lane, Long delivered) {
        Instant now = clock.instant();
        // the claim's subquery sees the lane as it was before the statement: the delivered message is left out by id.
        // Both writes are bookkeeping a crash may lose: the message goes again, and receivers are idempotent.
        return jdbc.sql("""
                with delivered as (
                    update bfia_outbox set delivered_at = ?, lease_until = null, attempts = attempts + 1
                    where id = cast(? as bigint) returning %1$s)
                update bfia_outbox set lease_until = ? where id = (
                    select id from bfia_outbox where target_node = ? and job_id = ? and delivered_at is null
                        and id <> coalesce(cast(? as bigint), -1)
                    order by id limit 1)
                and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                returning id, path, body, attempts, %1$s""".formatted(Sql.NO_FLUSH_WAIT))
                .params(ts(now), delivered, ts(now.plus(LEASE)), lane.target(), lane.jobId(), delivered, ts(now), ts(now))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4))).optional();
    }

    private void retryLater(Row row, PeerException e) {
        int attempts = row.attempts() + 1;
        long backoff = Math.min(maxBackoff.toMillis(), 100L << Math.min(attempts, 16));
        backoff += ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
        if (e.reachable() && attempts >= MAX_ATTEMPTS_AFTER_REFUSAL) {
            log.error("Giving up {} to {} after {} refusals: {}", row.path(), e.nodeId(), attempts, e.getMessage());
            jdbc.sql("update bfia_outbox set attempts = ?, lease_until = null, last_error = ?, "
                    + "next_attempt_at = 'infinity' where id = ?").params(attempts, e.getMessage(), row.id()).update();
            return;
        }
        log.warn("{} to {} not delivered (attempt {}), retrying in {} ms: {}", row.path(), e.nodeId(), attempts,
                backoff, e.getMessage());
        jdbc.sql("update bfia_outbox set attempts = ?, lease_until = null, last_error = ?, next_attempt_at = ? "
                        + "where id = ?")
                .params(attempts, e.getMessage(), ts(clock.instant().plusMillis(backoff)), row.id()).update();
    }

    /**
     * Deletes messages delivered more than {@code retention} ago, in batches so no statement holds
     * many rows; undelivered ones, given up on or not, stay for operators.
     */
    @Scheduled(fixedDelayString = "${hutong.interconn.outbox.purge-sweep:60s}")
    void purgeDelivered() {
        Instant before = clock.instant().minus(retention);
        int deleted;
        do {
            deleted = jdbc.sql("""
                    delete from bfia_outbox where id in (
                        select id from bfia_outbox where delivered_at < ? order by delivered_at limit ?)""")
                    .params(ts(before), PURGE_BATCH).update();
        } while (deleted == PURGE_BATCH);
    }

    /** Undelivered messages, oldest first (for operators and tests). */
    List<String> pending() {
        return jdbc.sql("select target_node || ' ' || path from bfia_outbox where delivered_at is null order by id")
                .query(String.class).list();
    }

    @PreDestroy
    void close() {
        senders.shutdownNow();
    }
}
