package io.hutong.dbc.internal;

import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.util.Locale;

/** A dbc_client answered with a non-zero errcode, or did not answer: typed, with the client's own message. */
public class DbcFailure extends RuntimeException {

    /** The classes of failure callers react to differently. */
    public enum Kind {
        /** HTTP 400, errcode −25. */
        BAD_PARAMETERS,
        /** HTTP 400, errcode −32600. */
        INVALID_REQUEST,
        /** HTTP 400, errcode −32701: the client does not know the machine. */
        NODE_NOT_DISCOVERED,
        /** HTTP 404, errcode −32601, or HTTP 500 −32701 for an unknown two-part path. */
        UNKNOWN_PATH,
        /** HTTP 500, errcode −1 "… timeout": the node did not answer in 30 s. */
        TIMEOUT,
        /** errcode 1 "task not exist" and the like. */
        NOT_FOUND,
        /** errcode 1 about a port already in use. */
        PORT_CONFLICT,
        /** errcode 1: the node refused the operation. */
        OPERATION_FAILED,
        /** errcode −3 "wallet not rented". */
        NOT_RENTED,
        /** errcode −3 "session_id is invalid". */
        SESSION_INVALID,
        /** errcode −3 "machine has already expired". */
        RENT_EXPIRED,
        /** errcode −3, another authority failure (e.g. a bad signature). */
        AUTHORITY,
        /** The client could not be reached, or answered something that is not its JSON. */
        UNREACHABLE,
        /** Any other errcode. */
        CLIENT_ERROR
    }

    private final Kind kind;
    private final int httpStatus;
    private final Integer errcode;
    private final boolean timedOut;

    DbcFailure(Kind kind, int httpStatus, Integer errcode, String message) {
        this(kind, httpStatus, errcode, message, kind == Kind.TIMEOUT);
    }

    private DbcFailure(Kind kind, int httpStatus, Integer errcode, String message, boolean timedOut) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.errcode = errcode;
        this.timedOut = timedOut;
    }

    /** Classifies an answer with a non-zero errcode. */
    static DbcFailure of(int httpStatus, int errcode, String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        Kind kind = switch (errcode) {
            case 1 -> text.contains("not exist") ? Kind.NOT_FOUND
                    : text.contains("port") && (text.contains("conflict") || text.contains("in use")
                            || text.contains("used")) ? Kind.PORT_CONFLICT : Kind.OPERATION_FAILED;
            case -3 -> text.contains("not rented") ? Kind.NOT_RENTED
                    : text.contains("session_id") ? Kind.SESSION_INVALID
                    : text.contains("expired") ? Kind.RENT_EXPIRED : Kind.AUTHORITY;
            case -25 -> Kind.BAD_PARAMETERS;
            case -32600 -> Kind.INVALID_REQUEST;
            case -32601 -> Kind.UNKNOWN_PATH;
            case -32701 -> httpStatus >= 500 ? Kind.UNKNOWN_PATH : Kind.NODE_NOT_DISCOVERED;
            case -1 -> text.contains("timeout") ? Kind.TIMEOUT : Kind.CLIENT_ERROR;
            default -> Kind.CLIENT_ERROR;
        };
        return new DbcFailure(kind, httpStatus, errcode, message);
    }

    static DbcFailure unreachable(String message) {
        return unreachable(message, false);
    }

    /** @param timedOut the client did not answer in time (still unreachable: worth trying again) */
    static DbcFailure unreachable(String message, boolean timedOut) {
        return new DbcFailure(Kind.UNREACHABLE, 0, null, message, timedOut);
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Integer errcode() {
        return errcode;
    }

    /** The failure as Hutong's own API reports it. */
    ApiException toApi() {
        String text = "dbc_client: " + getMessage() + (errcode == null ? "" : " (errcode " + errcode + ")");
        ErrorKind api = switch (kind) {
            case BAD_PARAMETERS, INVALID_REQUEST -> ErrorKind.PARAMETER_INVALID;
            case NODE_NOT_DISCOVERED, NOT_FOUND -> ErrorKind.NOT_FOUND;
            case PORT_CONFLICT, OPERATION_FAILED, NOT_RENTED, SESSION_INVALID, RENT_EXPIRED, AUTHORITY -> ErrorKind.FAILURE;
            case UNKNOWN_PATH, TIMEOUT, UNREACHABLE, CLIENT_ERROR -> timedOut ? ErrorKind.UPSTREAM_TIMEOUT
                    : ErrorKind.RPC_ERROR;
        };
        return new ApiException(api, text, this);
    }
}
