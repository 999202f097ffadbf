package io.hutong.fate.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FateOpenApi {

    /** The endpoints FATE Flow calls; their admin counterparts are in the admin group. */
    @Bean
    GroupedOpenApi fateApi(FateProperties fate) {
        String prefix = fate.pathPrefix().endsWith("/") ? fate.pathPrefix() : fate.pathPrefix() + "/";
        return GroupedOpenApi.builder().group("fate").displayName("FATE Flow third-party services")
                .pathsToMatch(prefix + "**").build();
    }
}
