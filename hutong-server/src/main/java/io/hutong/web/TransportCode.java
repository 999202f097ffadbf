package io.hutong.web;

/** The result codes of the BFIA transport layer (the standard's table; Kuscia answers them with HTTP 200). */
public enum TransportCode {
    OK("E0000000000"),
    BAD_REQUEST("E0000000400"),
    FORBIDDEN("E0000000403"),
    NOT_FOUND("E0000000404"),
    TOO_LARGE("E0000000413"),
    SYSTEM_ERROR("E0000000500"),
    NETWORK_ERROR("E0000000607"),
    SESSION_RELEASED("E0000000608"),
    QUEUE_FULL("E0000000700");

    private final String code;

    TransportCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The code that reports a failure of this kind. */
    public static TransportCode of(ErrorKind kind) {
        return switch (kind) {
            case PARAMETER_INVALID, URI_TOO_LONG, FAILURE -> BAD_REQUEST;
            case UNAUTHORIZED, TOKEN_INVALID, TOKEN_EXPIRED, FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND, METHOD_NOT_ALLOWED -> NOT_FOUND;
            case PAYLOAD_TOO_LARGE -> TOO_LARGE;
            case RPC_ERROR, UPSTREAM_TIMEOUT -> NETWORK_ERROR;
            case BUSY, INTERNAL -> SYSTEM_ERROR;
        };
    }
}
