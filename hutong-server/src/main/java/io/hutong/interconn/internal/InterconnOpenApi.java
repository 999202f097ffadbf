package io.hutong.interconn.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InterconnOpenApi {

    @Bean
    GroupedOpenApi bfiaApi() {
        return GroupedOpenApi.builder().group("bfia").displayName("BFIA interconnection control layer")
                .pathsToMatch("/v1/interconn/**", "/v1/platform/**").build();
    }
}
