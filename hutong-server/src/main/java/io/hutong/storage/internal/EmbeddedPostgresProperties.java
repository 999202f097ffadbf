package io.hutong.storage.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL, used when {@code spring.datasource.url} is not set.
 *
 * @param binariesDir where the PostgreSQL bundle is unpacked (shared by all nodes of a machine;
 *     default {@code <java.io.tmpdir>/hutong-postgres})
 * @param runAsUser the unprivileged user the server runs as when Hutong runs as root
 * @param rootMode {@code auto}, {@code user-namespace} or {@code setpriv}: how to run as that user
 * @param startupTimeout how long to wait for the server to accept connections
 * @param settings server settings passed as {@code -c key=value} (e.g. {@code shared_buffers})
 */
@ConfigurationProperties("hutong.embedded-postgres")
public record EmbeddedPostgresProperties(
        Path binariesDir,
        @DefaultValue("nobody") String runAsUser,
        @DefaultValue("auto") String rootMode,
        @DefaultValue("60s") Duration startupTimeout,
        Map<String, String> settings) {

    public EmbeddedPostgresProperties {
        binariesDir = (binariesDir != null ? binariesDir
                : Path.of(System.getProperty("java.io.tmpdir"), "hutong-postgres")).toAbsolutePath();
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
