package io.hutong.fate.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the FATE Flow services ({@code hutong.fate.*}).
 *
 * @param partyId the FATE party id this node serves; its key pair is created at start when missing
 * @param pathPrefix where the FATE-facing endpoints live
 * @param serverName the server name FATE Flow registers this node under ({@code hook_server_name})
 * @param publicUrl how FATE Flow reaches this node, for the registration helper; the admin request's own
 *     URL when absent
 * @param defaultDataset the dataset an upload without a {@code dataset} parameter reads
 * @param jobRetention how long upload jobs and their results are kept
 * @param jobThreads how many joins run at once
 */
@ConfigurationProperties("hutong.fate")
public record FateProperties(
        String partyId,
        @DefaultValue("/api/fate") String pathPrefix,
        @DefaultValue("hutong") String serverName,
        String publicUrl,
        String defaultDataset,
        @DefaultValue("7d") Duration jobRetention,
        @DefaultValue("2") int jobThreads) {

    public FateProperties {
        partyId = blankToNull(partyId);
        publicUrl = blankToNull(publicUrl);
        defaultDataset = blankToNull(defaultDataset);
        if (jobThreads < 1) {
            throw new IllegalArgumentException("hutong.fate.job-threads must be at least 1");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
