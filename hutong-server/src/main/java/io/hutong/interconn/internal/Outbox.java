package io.hutong.interconn.internal;

import static io.hutong.storage.Sql.ts;

import io.hutong.interconn.internal.Messages.Message;
import io.hutong.node.PeerClient;
import io.hutong.node.PeerException;
import io.hutong.storage.AfterTransaction;
import io.hutong.storage.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Messages to other nodes. A message is written in the transaction of the state change that
 * causes it and sent right after that transaction commits; until the peer answers it is retried
 * with backoff. Messages of one job to one node ("a lane") go out in order, lanes in parallel.
 * A message the peer keeps refusing is given up, and the lane goes on without it. A lease on the
 * row keeps two replicas from sending the same message at once.
 */
@Component
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int PURGE_BATCH = 5000;

    private final JdbcClient jdbc;
    private final MessageForms forms;
    private final PeerClient peerClient;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Duration retention;
    private final int giveUpAfter;
    private final ApplicationEventPublisher events;
    private final ExecutorService senders;
    // lanes a sender of this process works on
    private final Map<String, LaneState> lanes = new ConcurrentHashMap<>();
    // delivered messages whose mark is not written yet, by lane: marked in batches
    private final Map<String, Set<Long>> unmarked = new ConcurrentHashMap<>();

    Outbox(JdbcClient jdbc, MessageForms forms, PeerClient peerClient, InterconnProperties properties,
            ApplicationEventPublisher events) {
        InterconnProperties.Outbox settings = properties.outbox();
        this.jdbc = jdbc;
        this.forms = forms;
        this.peerClient = peerClient;
        // delivery timing is operational, not business time: it follows the wall clock
        this.clock = Clock.systemUTC();
        this.maxBackoff = settings.maxBackoff();
        this.retention = settings.retention();
        this.giveUpAfter = settings.giveUpAfter();
        this.events = events;
        this.senders = Executors.newFixedThreadPool(settings.senders(), runnable -> {
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

    private record Row(long id, String path, String body, int attempts, int refusals) {
    }

    /** How many senders work on a lane, and whether a message was added to it behind them. */
    private static final class LaneState {
        int senders;
        boolean kicked;
    }

    /**
     * Writes the message in the current transaction; it is sent once the transaction commits. A
     * message alone in its lane is leased as it is written and handed to a sender after the commit,
     * with no claim first. That is in order because every message of a job is written under the
     * job's lock (or, for a new job, by the transaction creating it): no other transaction adds to
     * the lane in between, and one that comes after sees this message undelivered and waits its turn.
     * A message delivered whose mark is not written yet does not count as waiting.
     */
    void enqueue(String target, Message message) {
        Optional<String> form = forms.body(target, message);
        if (form.isEmpty()) {
            log.debug("{} of job {} not sent to {}: its dialect takes none", message.path(), message.job_id(), target);
            return;
        }
        Instant now = clock.instant();
        String body = form.get();
        Lane lane = new Lane(target, message.job_id());
        Optional<Row> leased = jdbc.sql("""
                insert into bfia_outbox (job_id, target_node, path, body, created_at, next_attempt_at, lease_until)
                values (?, ?, ?, ?, ?, ?, case when exists (select 1 from bfia_outbox
                    where target_node = ? and job_id = ? and delivered_at is null and next_attempt_at < 'infinity'
                        and id <> all(cast(? as bigint[])))
                    then null else cast(? as timestamptz) end)
                returning id, lease_until is not null""")
                .params(message.job_id(), target, message.path(), body, ts(now), ts(now), target, message.job_id(),
                        unmarked(lane), ts(now.plus(LEASE)))
                .query((rs, n) -> rs.getBoolean(2) ? Optional.of(new Row(rs.getLong(1), message.path(), body, 0, 0))
                        : Optional.<Row>empty()).single();
        if (leased.isPresent()) {
            AfterTransaction.commit(() -> {
                enter(lane);
                senders.execute(() -> sendFrom(lane, leased.get()));
            });
        } else {
            AfterTransaction.commit(() -> kick(lane));
        }
    }

    /**
     * Retries what is due, the lanes that waited longest first: messages whose peer did not answer,
     * and any a crashed sender left leased.
     */
    void retryDue() {
        Instant now = clock.instant();
        jdbc.sql("""
                select target_node, job_id from bfia_outbox
                where delivered_at is null and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                group by target_node, job_id order by min(next_attempt_at), min(id) limit 200""").params(ts(now), ts(now))
                .query((rs, n) -> new Lane(rs.getString(1), rs.getString(2))).list().forEach(this::kick);
    }

    /** Something was added to the lane: a sender working on it takes it next, or a new one claims it. */
    private void kick(Lane lane) {
        boolean[] start = {false};
        lanes.compute(lane.key(), (key, state) -> {
            if (state != null) {
                state.kicked = true;
                return state;
            }
            start[0] = true;
            LaneState first = new LaneState();
            first.senders = 1;
            return first;
        });
        if (start[0]) {
            senders.execute(() -> sendFrom(lane, null));
        }
    }

    private void enter(Lane lane) {
        lanes.compute(lane.key(), (key, state) -> {
            LaneState entered = state != null ? state : new LaneState();
            entered.senders++;
            return entered;
        });
    }

    /** @return true when the lane was kicked meanwhile: the sender claims again instead of leaving */
    private boolean leaveUnlessKicked(Lane lane, boolean failed) {
        boolean[] again = {false};
        lanes.computeIfPresent(lane.key(), (key, state) -> {
            if (state.kicked && !failed) {
                state.kicked = false;
                again[0] = true;
                return state;
            }
            state.senders--;
            if (state.senders == 0) {
                return null;
            }
            // another sender of the lane may hold the message this one found leased: it looks again when done.
            // After a failure the lane waits for its retry, and what was added behind the message with it.
            state.kicked |= !failed;
            return state;
        });
        return again[0];
    }

    /**
     * Sends a leased message (or, given none, claims one) and then the lane's next ones, as long as
     * they are delivered. A delivered message is marked in the next batch, or by the claim of the
     * lane's next message when one was added meanwhile.
     */
    private void sendFrom(Lane lane, Row leased) {
        try {
            Row row = leased != null ? leased : claim(lane).orElse(null);
            while (true) {
                if (row != null) {
                    Outcome outcome = send(lane, row);
                    if (outcome == Outcome.LATER) {
                        leaveUnlessKicked(lane, true);
                        return;
                    }
                    if (outcome == Outcome.GIVEN_UP) {
                        // what was written behind it need not have kicked this sender
                        row = claim(lane).orElse(null);
                        continue;
                    }
                    delivered(lane, row.id());
                }
                if (!leaveUnlessKicked(lane, false)) {
                    return;
                }
                row = claim(lane).orElse(null);
            }
        } catch (RuntimeException e) {
            // the database failed us: the retry sweep takes the lane up again once it can
            log.error("Sending the messages of job {} to {} stopped", lane.jobId(), lane.target(), e);
            leaveUnlessKicked(lane, true);
        }
    }

    /** Remembers a delivered message until its mark is written. */
    private void delivered(Lane lane, long id) {
        // in compute, so a batch just written cannot drop the set this id goes into
        unmarked.compute(lane.key(), (key, ids) -> {
            Set<Long> kept = ids != null ? ids : ConcurrentHashMap.newKeySet();
            kept.add(id);
            return kept;
        });
    }

    private enum Outcome { DELIVERED, LATER, GIVEN_UP }

    private Outcome send(Lane lane, Row row) {
        try {
            peerClient.postJson(lane.target(), lane.jobId(), row.path(), row.body());
            return Outcome.DELIVERED;
        } catch (PeerException e) {
            return retryLater(lane, row, e);
        } catch (RuntimeException e) {
            log.error("Sending {} to {} failed", row.path(), lane.target(), e);
            return retryLater(lane, row, new PeerException(lane.target(), false, 0, e.toString(), e));
        }
    }

    /**
     * Leases the oldest undelivered message of the lane if it is due and nobody holds it; in the
     * same statement marks the lane's delivered messages not marked yet.
     */
    private Optional<Row> claim(Lane lane) {
        Instant now = clock.instant();
        Long[] delivered = unmarked(lane);
        // the claim's subquery sees the lane as it was before the statement: the delivered messages are left out by id.
        // Both writes are bookkeeping a crash may lose: the message goes again, and receivers are idempotent.
        Optional<Row> claimed = jdbc.sql("""
                with delivered as (
                    update bfia_outbox set delivered_at = ?, lease_until = null, attempts = attempts + 1
                    where id = any(cast(? as bigint[])) and delivered_at is null returning %1$s)
                update bfia_outbox set lease_until = ? where id = (
                    select id from bfia_outbox where target_node = ? and job_id = ? and delivered_at is null
                        and next_attempt_at < 'infinity' and id <> all(cast(? as bigint[]))
                    order by id limit 1)
                and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
                returning id, path, body, attempts, refusals, %1$s""".formatted(Sql.NO_FLUSH_WAIT))
                .params(ts(now), delivered, ts(now.plus(LEASE)), lane.target(), lane.jobId(), delivered, ts(now), ts(now))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)))
                .optional();
        forgetMarked(Map.of(lane.key(), delivered));
        return claimed;
    }

    /**
     * Writes the delivered marks not written yet, all lanes in one statement. Until then a delivered
     * message counts as delivered in this process only; another replica sees it as waiting and
     * holds the messages behind it back until the mark is written.
     */
    void markDelivered() {
        Map<String, Long[]> marking = new HashMap<>();
        unmarked.forEach((key, ids) -> marking.put(key, ids.toArray(Long[]::new)));
        Long[] all = marking.values().stream().flatMap(Arrays::stream).toArray(Long[]::new);
        if (all.length == 0) {
            return;
        }
        jdbc.sql("""
                update bfia_outbox set delivered_at = ?, lease_until = null, attempts = attempts + 1
                where id = any(cast(? as bigint[])) and delivered_at is null returning %s""".formatted(Sql.NO_FLUSH_WAIT))
                .params(ts(clock.instant()), all).query(String.class).list();
        forgetMarked(marking);
    }

    /** Only once marked in the database, so a message is always either marked or known here as delivered. */
    private void forgetMarked(Map<String, Long[]> marked) {
        marked.forEach((key, ids) -> unmarked.computeIfPresent(key, (k, left) -> {
            left.removeAll(Arrays.asList(ids));
            return left.isEmpty() ? null : left;
        }));
    }

    /** Messages delivered whose mark is not written yet (for tests). */
    int deliveredUnmarked() {
        return unmarked.values().stream().mapToInt(Set::size).sum();
    }

    private Long[] unmarked(Lane lane) {
        Set<Long> ids = unmarked.get(lane.key());
        return ids == null ? new Long[0] : ids.toArray(Long[]::new);
    }

    /**
     * Due again after a backoff; given up after {@code give-up-after} refusals (a peer that does not
     * answer is waited for): the lane goes on without it.
     */
    private Outcome retryLater(Lane lane, Row row, PeerException e) {
        int attempts = row.attempts() + 1;
        int refusals = row.refusals() + (e.reachable() ? 1 : 0);
        long backoff = Math.min(maxBackoff.toMillis(), 100L << Math.min(attempts, 16));
        backoff += ThreadLocalRandom.current().nextLong(backoff / 4 + 1);
        boolean givenUp = refusals >= giveUpAfter;
        if (givenUp) {
            log.error("Giving up {} to {} after {} refusals: {}", row.path(), e.nodeId(), refusals, e.getMessage());
        } else {
            log.warn("{} to {} not delivered (attempt {}), retrying in {} ms: {}", row.path(), e.nodeId(), attempts,
                    backoff, e.getMessage());
        }
        jdbc.sql("update bfia_outbox set attempts = ?, refusals = ?, lease_until = null, last_error = ?, "
                        + "next_attempt_at = coalesce(cast(? as timestamptz), 'infinity') where id = ?")
                .params(attempts, refusals, e.getMessage(), givenUp ? null : ts(clock.instant().plusMillis(backoff)),
                        row.id())
                .update();
        if (!givenUp) {
            return Outcome.LATER;
        }
        try {
            events.publishEvent(new MessageGivenUp(lane.jobId(), lane.target(), row.path(), refusals, e.getMessage()));
        } catch (RuntimeException failed) {
            log.error("The job {} did not take in that {} was given up", lane.jobId(), row.path(), failed);
        }
        return Outcome.GIVEN_UP;
    }

    /**
     * Deletes messages delivered more than {@code retention} ago, in batches so no statement holds
     * many rows; undelivered ones, given up on or not, stay for operators.
     */
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

    @PreDestroy
    void close() {
        senders.shutdownNow();
        try {
            markDelivered();
        } catch (RuntimeException e) {
            // the messages go again after the restart, and their receivers ignore the repeat
            log.warn("Delivered marks not written at shutdown: {}", e.getMessage());
        }
    }
}
