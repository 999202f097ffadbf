package io.hutong.components.internal;

/** Why a component run failed, in words for its error log: the input, the peer, the transport or the node. */
public class ComponentFailure extends RuntimeException {

    public ComponentFailure(String reason) {
        super(reason);
    }

    public ComponentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
