package io.hutong.core;

import java.nio.file.Path;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who this node is and where it keeps its files.
 *
 * @param node the node id other nodes know it by ({@code hutong.node.id}) and the base URL they reach
 *     it at ({@code hutong.node.base-url}; default {@code http://127.0.0.1:<server port>})
 * @param dataDir the node's data directory ({@code hutong.data-dir}, default {@code ./data/<node id>})
 * @param timezone the zone every {@code yyyy-MM-dd HH:mm:ss} date of the APIs is printed in
 * @param secretKey Base64 AES key (16/24/32 bytes) sealing the secrets kept at rest; unset:
 *     {@code <data-dir>/secret.key}, generated on first start
 */
@ConfigurationProperties("hutong")
public record NodeProperties(Node node, Path dataDir, @DefaultValue("Asia/Shanghai") ZoneId timezone,
        String secretKey) {

    public NodeProperties {
        if (node == null) {
            node = new Node("node-local", null);
        }
        if (dataDir == null) {
            dataDir = Path.of("data", node.id());
        }
    }

    public String id() {
        return node.id();
    }

    public record Node(@DefaultValue("node-local") String id, String baseUrl) {
    }
}
