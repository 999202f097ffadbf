package io.hutong.interconn.internal;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** After a restart: adopts the task processes that survived it and fails the ones that did not. */
@Component
class Recovery {

    private final Participant participant;

    Recovery(Participant participant) {
        this.participant = participant;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        participant.recover();
    }
}
