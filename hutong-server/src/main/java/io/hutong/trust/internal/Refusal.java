package io.hutong.trust.internal;

import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;

/** Why an east-west call is refused: the code in brackets is stable, for callers and log searches. */
enum Refusal {
    MISSING_HEADER,
    UNKNOWN_SOURCE,
    NO_KEY,
    WRONG_TARGET,
    TIMESTAMP,
    NO_CSRF_PROTECTION,
    NO_SIGNATURE,
    BAD_SIGNATURE,
    BODY_DIGEST,
    REPLAYED_NONCE;

    ApiException because(String detail) {
        return new ApiException(ErrorKind.UNAUTHORIZED, "east-west call refused [" + name().toLowerCase(java.util.Locale.ROOT)
                + "]: " + detail);
    }
}
