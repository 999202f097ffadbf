package io.hutong.transport;

/** Says which transport sessions a container's token opens: the jobs whose units this node launched with it. */
public interface SessionGuard {

    /** Whether {@code token} is the {@code config.token} of a unit of this node in session (job) {@code sessionId}. */
    boolean opens(String token, String sessionId);
}
