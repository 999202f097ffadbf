package io.hutong.catalog.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class CatalogWebConfiguration implements WebMvcConfigurer {

    private final QueryAdmission admission;

    CatalogWebConfiguration(QueryAdmission admission) {
        this.admission = admission;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(admission).addPathPatterns("/api/v1/query_computing_resources",
                "/api/v1/query_computing_resources/", "/api/v1/query_computing_resources_by_task_template",
                "/api/v1/query_computing_resources_by_task_template/");
    }
}
