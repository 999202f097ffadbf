package io.hutong.console.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's console.
 *
 * @param sessionTimeout {@code hutong.console.session-timeout}: how long a login lasts (the token's own expiry
 *     and revocation end it sooner)
 * @param pageSize {@code hutong.console.page-size}: rows of a list page
 * @param liveRefresh {@code hutong.console.live-refresh}: how often a live page is read again when no event
 *     told of a change (changes made on another replica of the node)
 */
@ConfigurationProperties("hutong.console")
public record ConsoleProperties(@DefaultValue("8h") Duration sessionTimeout, @DefaultValue("50") int pageSize,
        @DefaultValue("5s") Duration liveRefresh) {
}
