package io.hutong.transport.internal;

/** The transport layer's result codes (the standard's table; Kuscia answers them with HTTP 200). */
enum ChanCode {
    OK("E0000000000"),
    BAD_REQUEST("E0000000400"),
    FORBIDDEN("E0000000403"),
    NOT_FOUND("E0000000404"),
    TOO_LARGE("E0000000413"),
    SYSTEM_ERROR("E0000000500"),
    NETWORK_ERROR("E0000000607"),
    SESSION_RELEASED("E0000000608"),
    QUEUE_FULL("E0000000700");

    final String code;

    ChanCode(String code) {
        this.code = code;
    }
}
