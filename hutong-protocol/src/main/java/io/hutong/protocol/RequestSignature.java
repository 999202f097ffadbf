package io.hutong.protocol;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/** The {@code x-auth-sign} value: the standard Base64 of the signature of the canonical string's UTF-8 bytes. */
public final class RequestSignature {

    private RequestSignature() {
    }

    public static String sign(PrivateKey key, CanonicalRequest request) {
        return Base64.getEncoder().encodeToString(SignatureAlgorithm.sign(key, request.bytes()));
    }

    /** False for a signature that is not Base64, malformed, or made with another key. */
    public static boolean verify(PublicKey key, String signature, CanonicalRequest request) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return SignatureAlgorithm.verify(key, request.bytes(), raw);
    }
}
