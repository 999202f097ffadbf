package io.hutong.fate.internal;

import io.hutong.web.ApiException;

/** How a party's site signatures are made: SHA-256 since FATE 1.11, MD5 in FATE 1.9 and 1.10. */
public enum SignatureAlgorithm {
    SHA256withRSA,
    MD5withRSA;

    /** The algorithm named in a request, case-insensitively; the default when absent. */
    public static SignatureAlgorithm parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return SHA256withRSA;
        }
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.name().equalsIgnoreCase(text.strip())) {
                return algorithm;
            }
        }
        throw ApiException.invalid(field, "oneOf(SHA256withRSA,MD5withRSA)");
    }
}
