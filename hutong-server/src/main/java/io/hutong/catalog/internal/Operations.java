package io.hutong.catalog.internal;

import static io.hutong.storage.Sql.ts;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The operation record: every call of the interop platform API with its source, session
 * identifier and body as received. Calls that change something are written in their own
 * transaction; queries, which change nothing, are queued and written in batches
 * ({@code hutong.catalog.operation-flush}) so that recording them costs a query no database round trip.
 */
@Component
class Operations {

    private static final Logger log = LoggerFactory.getLogger(Operations.class);
    /** Beyond this many queued query records, new ones are counted and dropped rather than exhaust memory. */
    private static final int MAX_QUEUED = 200_000;

    private record Row(String kind, long userId, InteropCall call, String taskId, String outcome, Instant at) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Row> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    Operations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Writes the record now, in the caller's transaction. */
    void record(String kind, long userId, InteropCall call, String taskId, String outcome) {
        insert(List.of(new Row(kind, userId, call, taskId, outcome, clock.instant())));
    }

    /** Queues the record of a query; it is written within {@code hutong.catalog.operation-flush}. */
    void queue(String kind, long userId, InteropCall call, String taskId, String outcome) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(new Row(kind, userId, call, taskId, outcome, clock.instant()));
    }

    @Scheduled(fixedDelayString = "${hutong.catalog.operation-flush:200ms}")
    @PreDestroy
    void flush() {
        int lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("{} query records dropped: the database did not keep up", lost);
        }
        List<Row> batch = new ArrayList<>();
        Row row;
        while ((row = queue.poll()) != null) {
            queued.decrementAndGet();
            batch.add(row);
            if (batch.size() == 5_000) {
                insert(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            insert(batch);
        }
    }

    /** One statement for the whole batch: arrays unnested by PostgreSQL. */
    private void insert(List<Row> rows) {
        int n = rows.size();
        String[] kinds = new String[n];
        Long[] users = new Long[n];
        String[] sources = new String[n];
        String[] sessions = new String[n];
        String[] portalUsers = new String[n];
        String[] tasks = new String[n];
        String[] bodies = new String[n];
        String[] outcomes = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            kinds[i] = r.kind();
            users[i] = r.userId();
            sources[i] = r.call().source();
            sessions[i] = r.call().sessionIdentifier();
            portalUsers[i] = r.call().portalUserId();
            tasks[i] = r.taskId();
            bodies[i] = r.call().body();
            outcomes[i] = r.outcome();
            times[i] = ts(r.at()).toString();
        }
        jdbc.sql("""
                insert into catalog_operation (kind, user_id, source, session_identifier, portal_user_id, task_id, body,
                    outcome, received_at)
                select * from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::timestamptz[])""")
                .params(kinds, users, sources, sessions, portalUsers, tasks, bodies, outcomes, times).update();
    }
}
