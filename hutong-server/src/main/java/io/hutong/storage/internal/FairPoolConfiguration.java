package io.hutong.storage.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts every connection pool, the embedded database's or an external one's, behind a {@link FairDataSource}. */
@Configuration(proxyBeanMethods = false)
class FairPoolConfiguration {

    @Bean
    static BeanPostProcessor fairConnectionPool() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof HikariDataSource pool
                        ? new FairDataSource(pool, pool.getMaximumPoolSize(), pool.getConnectionTimeout())
                        : bean;
            }
        };
    }
}
