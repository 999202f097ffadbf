package io.hutong.console.internal;

import io.hutong.web.RequestAttributeResolver;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final ConsoleInterceptor interceptor;

    ConsoleWebConfiguration(ConsoleInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/console", "/console/**")
                .excludePathPatterns("/console/login", "/console/assets/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new RequestAttributeResolver(Viewer.class, ConsoleInterceptor.VIEWER, "under /console"));
    }
}
