package io.hutong.core;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    /** The one clock every time computation reads, so tests can move time instead of sleeping. */
    @Bean
    Clock clock(NodeProperties node) {
        return Clock.system(node.timezone());
    }
}
