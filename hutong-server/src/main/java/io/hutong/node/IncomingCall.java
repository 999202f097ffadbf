package io.hutong.node;

import io.hutong.protocol.BfiaHeaders;
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

    /**
     * The calling node as its headers name it: x-source-node-id, FATE's x_source_node_id and
     * x_node_id, Kuscia's X-Node-Id, or on the transport layer x-ptp-source-node-id.
     */
    public String sourceNode() {
        return header(BfiaHeaders.SOURCE_NODE_ID, "x_source_node_id", "x-node-id", "x_node_id", "x-ptp-source-node-id");
    }
}
