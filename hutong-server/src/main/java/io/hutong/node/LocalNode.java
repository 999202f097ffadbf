package io.hutong.node;

import io.hutong.core.NodeProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import java.util.stream.Stream;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** This node's id and the base URL peers and its own task processes reach it at. */
@Component
public class LocalNode implements ApplicationListener<WebServerInitializedEvent> {

    private final String id;
    private final String configuredBaseUrl;
    private volatile int port;

    private final String scheme;

    LocalNode(NodeProperties properties, Environment environment) {
        this.id = properties.id();
        this.configuredBaseUrl = properties.node().baseUrl();
        this.scheme = Stream.of("server.ssl.bundle", "server.ssl.key-store", "server.ssl.certificate")
                .anyMatch(key -> !environment.getProperty(key, "").isBlank()) ? "https" : "http";
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    public String id() {
        return id;
    }

    /** {@code hutong.node.base-url}, else the loopback address of the port the node listens on (https with server.ssl). */
    public String baseUrl() {
        if (configuredBaseUrl != null && !configuredBaseUrl.isBlank()) {
            return configuredBaseUrl.replaceAll("/+$", "");
        }
        return scheme + "://127.0.0.1:" + port;
    }

    /** The loopback URL of this node, for its own task processes. */
    public String loopbackUrl() {
        return scheme + "://127.0.0.1:" + port;
    }

    public boolean is(String nodeId) {
        return id.equals(nodeId);
    }
}
