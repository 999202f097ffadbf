package io.hutong.account.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Users and their API tokens.
 *
 * @param account {@code hutong.account.token-cache}: how long a token's lookup is remembered; a revocation
 *     on another replica of the node is seen within that time
 * @param bootstrap {@code hutong.bootstrap.admin-token}: when set, an admin token with exactly this value is
 *     valid after start (automation)
 */
@ConfigurationProperties("hutong")
record AccountProperties(@DefaultValue Account account, @DefaultValue Bootstrap bootstrap) {

    record Account(@DefaultValue("2s") Duration tokenCache) {
    }

    record Bootstrap(String adminToken) {
    }
}
