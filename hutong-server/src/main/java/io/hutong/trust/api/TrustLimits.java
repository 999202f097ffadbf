package io.hutong.trust.api;

/** How long the keys, certificates and tokens of trust requests may be ({@link io.hutong.web.TextLimit}). */
final class TrustLimits {

    /** Base64 of a key or a certificate: an RSA-4096 key is about 740 characters, a certificate 2,000 or more. */
    static final int KEY = 16384;

    /** A resource token: its payload and the holder's signature in Base64url, about 800 characters with RSA. */
    static final int TOKEN = 4096;

    private TrustLimits() {
    }
}
