package io.hutong.dbc.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DbcOpenApi {

    @Bean
    GroupedOpenApi dbcApi() {
        return GroupedOpenApi.builder().group("dbc").displayName("DBC GPU machines").pathsToMatch("/api/dbc/**").build();
    }

    @Bean
    GroupedOpenApi dbcGatewayApi(DbcProperties properties) {
        return GroupedOpenApi.builder().group("dbc-gateway").displayName("dbc_client-compatible gateway")
                .pathsToMatch(properties.gatewayPrefix() + "/api/v1/**").build();
    }
}
