package io.hutong.support;

import java.time.Instant;
import java.time.ZoneId;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the node's clock with one the test moves. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    /** Shared so that a node restarted within one test keeps the same time line. */
    public static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"),
            ZoneId.of("Asia/Shanghai"));

    @Bean
    @Primary
    MutableClock testClock() {
        return CLOCK;
    }
}
