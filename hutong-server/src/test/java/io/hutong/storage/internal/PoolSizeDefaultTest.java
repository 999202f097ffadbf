package io.hutong.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PoolSizeDefaultTest {

    @Test
    void thePoolHasTwoConnectionsPerCorePlusOneUnlessConfigured() {
        StandardEnvironment unset = new StandardEnvironment();
        new PoolSizeDefault().postProcessEnvironment(unset, new SpringApplication());
        assertThat(unset.getProperty(PoolSizeDefault.PROPERTY, Integer.class))
                .isEqualTo(2 * Runtime.getRuntime().availableProcessors() + 1);

        StandardEnvironment configured = new StandardEnvironment();
        configured.getPropertySources().addFirst(new MapPropertySource("operator", Map.of(PoolSizeDefault.PROPERTY, 12)));
        new PoolSizeDefault().postProcessEnvironment(configured, new SpringApplication());
        assertThat(configured.getProperty(PoolSizeDefault.PROPERTY, Integer.class)).isEqualTo(12);
    }
}
