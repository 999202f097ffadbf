package io.hutong.node;

/** An east-west call that did not succeed: the peer was unreachable, or answered with an error. */
public class PeerException extends RuntimeException {

    private final String nodeId;
    private final boolean reachable;
    private final int code;

    public PeerException(String nodeId, boolean reachable, int code, String message, Throwable cause) {
        super(message, cause);
        this.nodeId = nodeId;
        this.reachable = reachable;
        this.code = code;
    }

    public String nodeId() {
        return nodeId;
    }

    /** False when the peer could not be reached at all (worth retrying). */
    public boolean reachable() {
        return reachable;
    }

    /** The peer's error code, or the HTTP status; 0 when unreachable. */
    public int code() {
        return code;
    }
}
