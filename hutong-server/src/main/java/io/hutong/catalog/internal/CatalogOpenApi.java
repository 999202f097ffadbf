package io.hutong.catalog.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogOpenApi {

    @Bean
    GroupedOpenApi interopApi() {
        return GroupedOpenApi.builder().group("interop").displayName("Interop platform API (compute catalog)")
                .pathsToMatch("/api/v1/**").build();
    }
}
