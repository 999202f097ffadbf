package io.hutong.account.internal;

import io.hutong.account.AdminApi;
import io.hutong.account.UserApi;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

@Configuration(proxyBeanMethods = false)
class AccountOpenApi {

    static final String TOKEN = "token";

    @Bean
    OpenAPI hutongOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Hutong node").version("0.1.0")
                        .description("互通: compute catalog, BFIA interconnection, resource packs, DBC GPU machines "
                                + "and FATE Flow services, one API family per group"))
                .components(new Components().addSecuritySchemes(TOKEN, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(TOKEN)
                        .description("An API token issued by the node's admin API")));
    }

    /** Operations of token-protected controllers say so, in every group. */
    @Bean
    GlobalOperationCustomizer tokenRequirement() {
        return (operation, handler) -> {
            Class<?> type = handler.getBeanType();
            if (AnnotatedElementUtils.hasAnnotation(type, UserApi.class)
                    || AnnotatedElementUtils.hasAnnotation(type, AdminApi.class)) {
                operation.addSecurityItem(new SecurityRequirement().addList(TOKEN));
            }
            return operation;
        };
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder().group("admin").displayName("Admin API").pathsToMatch("/admin/**").build();
    }
}
