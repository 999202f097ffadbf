package io.hutong.protocol;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/**
 * A multi-party resource access token: the holder of a dataset grants a node a level of access to
 * it until an expiry, and signs the grant with its node key. On the wire it is
 * {@code base64url(payload) "." base64url(signature of the payload bytes)} (no padding), where the
 * payload is the lines {@value #VERSION}, id, urn, level, holder, grantee, expiry (ms since the
 * epoch) and the id of the holder's key, joined by {@code \n}.
 */
public record ResourceToken(String id, String urn, String level, String holder, String grantee, long expiresAt,
        String keyId) {

    public static final String VERSION = "HUTONG-TOKEN-V1";

    public ResourceToken {
        for (String field : List.of(id, urn, level, holder, grantee, keyId)) {
            if (field == null || field.isBlank() || field.contains("\n")) {
                throw new IllegalArgumentException("token fields are single-line and not blank");
            }
        }
        TokenTriple.checkPart("urn", urn);
        TokenTriple.checkPart("level", level);
    }

    private byte[] payload() {
        return String.join("\n", VERSION, id, urn, level, holder, grantee, Long.toString(expiresAt), keyId)
                .getBytes(StandardCharsets.UTF_8);
    }

    public String sign(PrivateKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] payload = payload();
        return b64.encodeToString(payload) + "." + b64.encodeToString(SignatureAlgorithm.sign(key, payload));
    }

    /** Reads a token without checking its signature (to find the key that must check it). */
    public static ResourceToken parse(String token) {
        try {
            int dot = token.indexOf('.');
            String[] lines = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8)
                    .split("\n", -1);
            if (lines.length != 8 || !lines[0].equals(VERSION)) {
                throw new IllegalArgumentException("not a " + VERSION + " token");
            }
            return new ResourceToken(lines[1], lines[2], lines[3], lines[4], lines[5], Long.parseLong(lines[6]),
                    lines[7]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("token: not a Hutong resource token (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code token} is this grant exactly, signed by {@code key}. */
    public boolean verify(String token, PublicKey key) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return false;
        }
        byte[] payload = payload();
        try {
            return java.util.Arrays.equals(Base64.getUrlDecoder().decode(token.substring(0, dot)), payload)
                    && SignatureAlgorithm.verify(key, payload, Base64.getUrlDecoder().decode(token.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
