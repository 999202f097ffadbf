package io.hutong.protocol;

/** Header names of the BFIA control layer (§2.2), in the standard's hyphenated form. */
public final class BfiaHeaders {
    public static final String AUTH_SIGN = "x-auth-sign";
    public static final String CSRF_PROTECTION = "x-csrf-protection";
    public static final String SOURCE_NODE_ID = "x-source-node-id";
    public static final String TARGET_NODE_ID = "x-target-node-id";
    public static final String NONCE = "x-nonce";
    public static final String TRACE_ID = "x-trace-id";
    public static final String TIMESTAMP = "x-timestamp";
    public static final String MPRAC_TOKEN_SET = "x-mprac-token-set";
    /** Hutong's extension: the hex SHA-256 of the body as signed, so a changed body is told from a bad signature. */
    public static final String CONTENT_SHA256 = "x-content-sha256";

    private BfiaHeaders() {
    }
}
