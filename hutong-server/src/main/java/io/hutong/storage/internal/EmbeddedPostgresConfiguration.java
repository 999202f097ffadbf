package io.hutong.storage.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.hutong.core.NodeProperties;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Starts the embedded PostgreSQL and points the pool at it unless an external database is configured. */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(NodeProperties node, EmbeddedPostgresProperties properties) {
        EmbeddedPostgres postgres = new EmbeddedPostgres(node.dataDir().resolve("postgres"), properties);
        postgres.start();
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.jdbcUrl())
                .username(postgres.username())
                .password(postgres.password())
                .build();
    }
}
