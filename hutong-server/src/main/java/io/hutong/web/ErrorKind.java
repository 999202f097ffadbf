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
    /** A valid request the current state does not allow (e.g. a pack that is already training). */
    FAILURE(HttpStatus.CONFLICT),
    /** Too many requests of this kind are in progress; the caller may try again. */
    BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    /** A system Hutong called failed. */
    RPC_ERROR(HttpStatus.BAD_GATEWAY),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorKind(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
