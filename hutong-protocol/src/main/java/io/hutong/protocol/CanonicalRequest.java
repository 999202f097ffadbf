package io.hutong.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The one string a node signs for an east-west call, specified in this module's README: a version
 * line, the method, the path, the sorted query, the identifying x-* headers and the hex SHA-256 of
 * the exact body bytes, one per line.
 *
 * @param query the raw query string without {@code ?}, or empty
 * @param bodySha256 lowercase hex SHA-256 of the body bytes ({@link #sha256Hex})
 */
public record CanonicalRequest(String method, String path, String query, String sourceNodeId, String targetNodeId,
        String nonce, String timestamp, String traceId, String tokenSet, String bodySha256) {

    public static final String VERSION = "HUTONG-REQUEST-V1";

    /** The canonical string, lines joined by {@code \n}, no trailing newline. */
    public String text() {
        return String.join("\n", VERSION, method.toUpperCase(java.util.Locale.ROOT), path, canonicalQuery(query),
                "x-source-node-id:" + value(sourceNodeId), "x-target-node-id:" + value(targetNodeId),
                "x-nonce:" + value(nonce), "x-timestamp:" + value(timestamp), "x-trace-id:" + value(traceId),
                "x-mprac-token-set:" + value(tokenSet), value(bodySha256).toLowerCase(java.util.Locale.ROOT));
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(String header) {
        return header == null ? "" : header.strip();
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes each {@code name=value} pair ({@code +} is a space), re-encodes it with RFC 3986
     * (unreserved characters kept, every other byte {@code %XX} in upper case), sorts the pairs by
     * name then value, and joins them with {@code &}; a pair without {@code =} gets one.
     */
    public static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((x, y) -> x[0].equals(y[0]) ? x[1].compareTo(y[1]) : x[0].compareTo(y[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            out.append(out.length() == 0 ? "" : "&").append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return out.toString();
    }
}
