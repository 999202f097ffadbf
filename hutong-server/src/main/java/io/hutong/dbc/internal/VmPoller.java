package io.hutong.dbc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the VMs and image transfers whose next poll is due, as recorded in the database: a restarted
 * node carries on where it stopped, and replicas share the work because each claims rows with
 * {@code skip locked} and a lease long enough for the dbc_client's own timeout.
 */
@Component
class VmPoller {

    private static final Logger log = LoggerFactory.getLogger(VmPoller.class);

    private final DbcStore store;
    private final VmService vms;
    private final ImageTransfers transfers;
    private final Clock clock;
    private final Duration lease;
    private final int batch;

    VmPoller(DbcStore store, VmService vms, ImageTransfers transfers, Clock clock, DbcProperties properties) {
        this.store = store;
        this.vms = vms;
        this.transfers = transfers;
        this.clock = clock;
        this.lease = properties.requestTimeout().multipliedBy(2);
        this.batch = properties.poll().batch();
    }

    @Scheduled(fixedDelayString = "${hutong.dbc.poll.interval:1s}", initialDelayString = "${hutong.dbc.poll.interval:1s}")
    void pollDue() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        each(store.claimDue(now, leaseUntil, batch), vms::poll, "VM", DbcStore.VmRow::id);
        each(store.claimDueTransfers(now, leaseUntil, batch), transfers::poll, "image transfer",
                DbcStore.TransferRow::id);
    }

    private static <T> void each(List<T> due, Consumer<T> poll, String what, ToLongFunction<T> id) {
        for (T row : due) {
            try {
                poll.accept(row);
            } catch (RuntimeException e) {
                // the lease runs out and the row is polled again; one bad row must not starve the others
                log.error("Polling {} {} failed", what, id.applyAsLong(row), e);
            }
        }
    }
}
