package io.hutong.transport;

/**
 * Says who may use which transport session: a session is a task (its {@code config.session_id}),
 * and only the units and parties of that task may use it.
 */
public interface SessionGuard {

    /**
     * Whether {@code token} is the {@code config.token} of a running unit of this node in session
     * (task) {@code sessionId}.
     */
    boolean opens(String token, String sessionId);

    /**
     * Whether a peer node may hand messages into the session: it is a task that runs here (a unit of
     * this node in it has not ended) and in which the peer takes part.
     */
    boolean admits(String peerNode, String sessionId);
}
