package io.hutong.transport.internal;

import io.hutong.web.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class TransportBodies {

    /** A message of up to max-message; in the JSON form its Base64 is a third larger. */
    @Bean
    BodyLimit transportMessages(TransportProperties properties) {
        long message = properties.maxMessage().toBytes();
        long envelope = DataSize.ofKilobytes(64).toBytes();
        return new BodyLimit("/v1/interconn/chan/", DataSize.ofBytes(message + message / 3 + envelope));
    }
}
