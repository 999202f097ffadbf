package io.hutong.web.internal;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** The input policy and the envelopes wired into Spring MVC and Tomcat. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final InputPolicyInterceptor inputPolicy;

    WebConfiguration(InputPolicyInterceptor inputPolicy) {
        this.inputPolicy = inputPolicy;
    }

    /** Query and path parameters are checked before any other interceptor reads them (tokens, signatures). */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(inputPolicy).order(Ordered.HIGHEST_PRECEDENCE);
    }

    /** Request bodies bound to records are read under the text rules ({@link TextPolicyModule}). */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ServerHttpMessageConvertersCustomizer textRulesOnRequestBodies(JsonMapper json) {
        return builder -> builder.withJsonConverter(new JacksonJsonHttpMessageConverter(json) {
            @Override
            protected ObjectReader customizeReader(ObjectReader reader, JavaType type) {
                return reader.withAttribute(TextPolicyModule.ENFORCED, Boolean.TRUE);
            }
        });
    }

    /**
     * Tomcat's own error reports in the families' envelopes. Ordered last, so that it replaces the
     * plain report valve Spring Boot puts on the host.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeErrorReports(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new EnvelopeErrorValve(json));
            // the host adds its own report valve at start unless one of this class is there
            ((StandardHost) host).setErrorReportValveClass(EnvelopeErrorValve.class.getName());
        });
    }
}
