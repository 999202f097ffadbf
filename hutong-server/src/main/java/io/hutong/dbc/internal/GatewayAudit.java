package io.hutong.dbc.internal;

import io.hutong.dbc.internal.DbcStore.GatewayCall;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gateway's audit trail, written in batches a moment after the calls so that no gateway call
 * waits for a database commit; DEBUG logging of io.hutong.dbc shows each call as it happens. Rows
 * still queued when the node stops are written on shutdown (a crash of the JVM loses at most one
 * flush interval).
 */
@Component
class GatewayAudit {

    private static final Logger log = LoggerFactory.getLogger(GatewayAudit.class);
    private static final int CAPACITY = 10_000;

    private final BlockingQueue<GatewayCall> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final DbcStore store;
    private final TransactionTemplate tx;

    GatewayAudit(DbcStore store, TransactionTemplate tx) {
        this.store = store;
        this.tx = tx;
    }

    void record(GatewayCall call) {
        if (!queue.offer(call)) {
            // the writer fell behind: write this one now rather than lose it
            flush();
            tx.executeWithoutResult(s -> store.insertGatewayCalls(List.of(call)));
        }
    }

    @Scheduled(fixedDelayString = "${hutong.dbc.audit-flush:200ms}")
    @PreDestroy
    void flush() {
        List<GatewayCall> batch = new ArrayList<>();
        while (queue.drainTo(batch, 500) > 0) {
            try {
                tx.executeWithoutResult(s -> store.insertGatewayCalls(batch));
            } catch (RuntimeException e) {
                log.error("Cannot write {} gateway audit rows", batch.size(), e);
            }
            batch.clear();
        }
    }
}
