package io.hutong.pack.internal;

import io.hutong.pack.Packs;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs packs out when their time is up even when no request arrives. One indexed query a second;
 * reads never wait for it, because a pack past its deadline already reads as out of time.
 */
@Component
class ExpirySweep {

    private final Packs packs;

    ExpirySweep(Packs packs) {
        this.packs = packs;
    }

    @Scheduled(fixedDelayString = "${hutong.pack.expiry-sweep:1s}", initialDelayString = "${hutong.pack.expiry-sweep:1s}")
    void sweep() {
        while (packs.expireDue() > 0) {
            // a backlog after downtime is drained in batches
        }
    }
}
