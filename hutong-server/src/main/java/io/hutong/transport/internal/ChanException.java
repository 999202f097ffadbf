package io.hutong.transport.internal;

import io.hutong.web.TransportCode;

/** A transport call refused, with its result code; the message names the header or field and the rule. */
class ChanException extends RuntimeException {

    final String code;

    ChanException(TransportCode code, String message) {
        this(code.code(), message);
    }

    /** @param code as a peer answered it */
    ChanException(String code, String message) {
        super(message);
        this.code = code;
    }
}
