package io.hutong.standin;

/** An answer {@code {"errcode": …, "message": …}} with its HTTP status, as the real client gives it. */
final class DbcError extends RuntimeException {

    final int httpStatus;
    final int errcode;

    private DbcError(int httpStatus, int errcode, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errcode = errcode;
    }

    /** HTTP 400, −25: a parameter the client itself rejects. */
    static DbcError badParameter(String message) {
        return new DbcError(400, -25, message);
    }

    /** HTTP 400, −32600: a request the client cannot read. */
    static DbcError invalidRequest(String message) {
        return new DbcError(400, -32600, message);
    }

    /** HTTP 400, −32701: the node is unknown to the client. */
    static DbcError nodeNotDiscovered(String nodeId) {
        return new DbcError(400, -32701, "node not discovered: " + nodeId);
    }

    /** HTTP 404, −32601. */
    static DbcError unknownUri(String path) {
        return new DbcError(404, -32601, "unknown uri: " + path);
    }

    /** HTTP 500, −32701: what the real client answers for an unknown two-part path. */
    static DbcError unknownTwoPartPath(String path) {
        return new DbcError(500, -32701, "invalid path: " + path);
    }

    /** HTTP 500, −1: the node did not answer within 30 s. */
    static DbcError timeout(String operation) {
        return new DbcError(500, -1, operation + " timeout");
    }

    /** HTTP 200, errcode 1: the node refused the operation. */
    static DbcError operation(String message) {
        return new DbcError(200, 1, message);
    }

    /** HTTP 200, errcode −3: the caller may not act on the machine. */
    static DbcError authority(String message) {
        return new DbcError(200, -3, message);
    }
}
