package io.hutong.data.internal;

import io.hutong.web.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A dataset's CSV streams to storage, of any size up to hutong.storage.max-upload-size, which the load checks. */
@Configuration(proxyBeanMethods = false)
class DataBodies {

    @Bean
    BodyLimit datasetUploads() {
        return new BodyLimit("/api/datasets/", null);
    }
}
