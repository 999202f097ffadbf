package io.hutong.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedPostgresIT {

    /** Under root both ways of dropping privileges work; as a normal user both modes run it directly. */
    @ParameterizedTest
    @ValueSource(strings = {"user-namespace", "setpriv"})
    void startsKeepsDataAcrossRestartsAndStops(String rootMode) throws Exception {
        Path home = Path.of("target/it-data/pg-" + rootMode + "-" + UUID.randomUUID());
        var properties = new EmbeddedPostgresProperties(null, "nobody", rootMode, Duration.ofSeconds(60), null);
        try (EmbeddedPostgres postgres = new EmbeddedPostgres(home, properties)) {
            postgres.start();
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password())) {
                connection.createStatement().execute("create table kept (v text); insert into kept values ('still here')");
            }
        }
        try (EmbeddedPostgres postgres = new EmbeddedPostgres(home, properties)) {
            postgres.start();
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    var rs = connection.createStatement().executeQuery("select v from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }
}
