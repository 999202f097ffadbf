package io.hutong.data.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DataOpenApi {

    @Bean
    GroupedOpenApi dataApi() {
        return GroupedOpenApi.builder().group("data").displayName("Datasets")
                .pathsToMatch("/api/datasets", "/api/datasets/**").build();
    }
}
