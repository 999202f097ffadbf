package io.hutong.data.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the datasets ({@code hutong.storage.*}).
 *
 * @param root where datasets live, {@code <root>/<namespace>/<name>}; unset: {@code <hutong.data-dir>/storage}
 * @param maxUploadSize the largest CSV body a load takes
 */
@ConfigurationProperties("hutong.storage")
public record DataProperties(Path root, @DefaultValue("10GB") DataSize maxUploadSize) {

    public DataProperties {
        if (maxUploadSize.toBytes() < 1) {
            throw new IllegalArgumentException("hutong.storage.max-upload-size must be at least 1 byte");
        }
    }
}
