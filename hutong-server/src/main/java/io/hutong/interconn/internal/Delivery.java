package io.hutong.interconn.internal;

import io.hutong.interconn.internal.Messages.Message;
import io.hutong.node.LocalNode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sends a message to a node: to another node through the outbox, to this node by handling it
 * at once in the current transaction (the scheduler is a party of its own jobs too).
 */
@Component
class Delivery {

    private final LocalNode local;
    private final Outbox outbox;
    private final ObjectProvider<EastWestHandler> handler;

    Delivery(LocalNode local, Outbox outbox, ObjectProvider<EastWestHandler> handler) {
        this.local = local;
        this.outbox = outbox;
        this.handler = handler;
    }

    void send(String node, Message message) {
        if (local.is(node)) {
            handler.getObject().handle(local.id(), message);
        } else {
            outbox.enqueue(node, message);
        }
    }
}
