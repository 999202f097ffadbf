package io.hutong.pack.internal;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PackOpenApi {

    /** The group name and paths of the INFINITE document ({@code /v2/api-docs?group=资源管理} there). */
    @Bean
    GroupedOpenApi resourcePackApi() {
        return GroupedOpenApi.builder().group("资源管理").displayName("资源管理 (INFINITE resource packs)")
                .pathsToMatch("/api/userPack/**", "/api/pack/**").build();
    }
}
