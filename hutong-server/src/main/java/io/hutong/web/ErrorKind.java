package io.hutong.web;

import org.springframework.http.HttpStatus;

/** What went wrong, independent of the envelope family that reports it. */
public enum ErrorKind {
    PARAMETER_INVALID(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    TOKEN_INVALID(HttpStatus.UNAUTHORIZED),
    TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The path exists, but not for this HTTP method. */
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    /** The body is larger than the endpoint takes. */
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    /** The request line (path and query) is longer than the server reads. */
    URI_TOO_LONG(HttpStatus.URI_TOO_LONG),
    /** A valid request the current state does not allow (e.g. a pack that is already training). */
    FAILURE(HttpStatus.CONFLICT),
    /** Too many requests of this kind are in progress; the caller may try again. */
    BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    /** A system Hutong called failed: refused, reset, a TLS failure, or an answer that is not its protocol. */
    RPC_ERROR(HttpStatus.BAD_GATEWAY),
    /** A system Hutong called did not answer in time. */
    UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorKind(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
