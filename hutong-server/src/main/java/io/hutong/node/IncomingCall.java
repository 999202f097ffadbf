package io.hutong.node;

import java.util.function.Function;

/**
 * An east-west request as received, for a {@link RequestVerifier}.
 *
 * @param header looks up a header by name, case-insensitively; null when absent
 * @param body the exact body bytes received
 */
public record IncomingCall(String method, String path, String query, Function<String, String> header, byte[] body) {

    /** The first present of several spellings of a header (peers send x-node-id, x_node_id, …). */
    public String header(String... names) {
        for (String name : names) {
            String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
