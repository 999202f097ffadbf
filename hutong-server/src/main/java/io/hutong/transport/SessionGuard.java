package io.hutong.transport;

/** Says which transport session a container's token opens: the task whose unit this node launched with it. */
public interface SessionGuard {

    /**
     * Whether {@code token} is the {@code config.token} of a running unit of this node in session
     * (task) {@code sessionId}.
     */
    boolean opens(String token, String sessionId);
}
