package io.hutong.console.internal;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Links of the console's pages are written as they are. Thymeleaf would hand each to the
 * response's {@code encodeURL}, where the resource chain (on for the webjars' version-free paths)
 * looks every one up on the class path as a static file: 50 rows of links made a page take
 * hundreds of milliseconds. Sessions live in a cookie, so no link needs a session id either.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleTemplates {

    @Bean
    static BeanPostProcessor plainConsoleLinks() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof SpringTemplateEngine engine) {
                    engine.setLinkBuilder(new StandardLinkBuilder() {
                        @Override
                        protected String processLink(IExpressionContext context, String link) {
                            return link;
                        }
                    });
                }
                return bean;
            }
        };
    }
}
