package io.hutong.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.Nodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With spring.datasource.url set, the node uses that server and starts no PostgreSQL of its own. */
class ExternalDatabaseIT {

    @Test
    void aConfiguredDatabaseIsUsedWithTheSameMigrations() {
        Path root = Path.of("target/it-data/external-" + UUID.randomUUID());
        try (EmbeddedPostgres external = new EmbeddedPostgres(root.resolve("server"),
                new EmbeddedPostgresProperties(null, "nobody", "auto", Duration.ofSeconds(60), null))) {
            external.start();
            Path nodeDir = root.resolve("node");
            var node = Nodes.start("node-external", nodeDir.toString(),
                    "--spring.datasource.url=" + external.jdbcUrl(),
                    "--spring.datasource.username=" + external.username(),
                    "--spring.datasource.password=" + external.password());
            try {
                Api api = new Api(Nodes.port(node));
                assertThat(api.get("/actuator/health", null).json().path("status").asString()).isEqualTo("UP");
                Api.Response user = api.post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", "external-user"));
                assertThat(user.code()).isEqualTo("General.Success");
                assertThat(Files.exists(nodeDir.resolve("postgres"))).as("no embedded server was started").isFalse();
            } finally {
                node.close();
            }
        }
    }
}
