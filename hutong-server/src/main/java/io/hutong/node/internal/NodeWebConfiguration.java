package io.hutong.node.internal;

import io.hutong.node.PeerCaller;
import io.hutong.web.RequestAttributeResolver;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class NodeWebConfiguration implements WebMvcConfigurer {

    private final EastWestInterceptor interceptor;

    NodeWebConfiguration(EastWestInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new RequestAttributeResolver(PeerCaller.class, EastWestInterceptor.CALLER, "@EastWestApi"));
    }
}
