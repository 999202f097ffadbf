package io.hutong.interconn.internal;

import io.hutong.node.LocalNode;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** After a restart: adopts the units that survived it and fails the ones that did not. */
@Component
class Recovery {

    private final UnitRuns runs;
    private final LocalNode local;

    Recovery(UnitRuns runs, LocalNode local) {
        this.runs = runs;
        this.local = local;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        runs.recover(local.id());
    }
}
