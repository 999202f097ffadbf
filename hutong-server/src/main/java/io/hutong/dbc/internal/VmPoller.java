package io.hutong.dbc.internal;

import io.hutong.dbc.internal.DbcStore.VmRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls the VMs whose next poll is due, as recorded in the database: a restarted node carries on
 * where it stopped, and replicas share the work because each claims rows with {@code skip locked}
 * and a lease long enough for the dbc_client's own timeout.
 */
@Component
class VmPoller {

    private static final Logger log = LoggerFactory.getLogger(VmPoller.class);

    private final DbcStore store;
    private final VmService vms;
    private final Clock clock;
    private final Duration lease;
    private final int batch;

    VmPoller(DbcStore store, VmService vms, Clock clock, DbcProperties properties) {
        this.store = store;
        this.vms = vms;
        this.clock = clock;
        this.lease = properties.requestTimeout().multipliedBy(2);
        this.batch = properties.poll().batch();
    }

    @Scheduled(fixedDelayString = "${hutong.dbc.poll.interval:1s}", initialDelayString = "${hutong.dbc.poll.interval:1s}")
    void pollDue() {
        Instant now = clock.instant();
        List<VmRow> due = store.claimDue(now, now.plus(lease), batch);
        for (VmRow vm : due) {
            try {
                vms.poll(vm);
            } catch (RuntimeException e) {
                // the lease runs out and the VM is polled again; one bad row must not starve the others
                log.error("Polling VM {} failed", vm.id(), e);
            }
        }
    }
}
