package io.hutong.fate.internal;

import io.hutong.web.BodyLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The FATE endpoints that stream their bodies, whatever their size: not held to hutong.web.max-body-size. */
@Configuration(proxyBeanMethods = false)
class FateBodies {

    /** An id file: Tomcat's multipart limits (hutong.fate.max-upload-size) apply, as it writes it to a file. */
    @Bean
    BodyLimit fateUploads(FateProperties fate) {
        String prefix = fate.pathPrefix().endsWith("/") ? fate.pathPrefix() : fate.pathPrefix() + "/";
        return new BodyLimit(prefix + "upload", null);
    }

    /** A dataset's CSV, of any size, goes into PostgreSQL as it is read. */
    @Bean
    BodyLimit datasetLoads() {
        return new BodyLimit("/admin/fate/datasets/", null);
    }
}
