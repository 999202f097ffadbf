package io.hutong.account.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Before the node serves requests: makes the configured bootstrap admin token valid, or on a
 * node whose admin never had a token, issues one and prints it once, as servers print an initial password.
 */
@Component
class AccountBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AccountBootstrap.class);

    private final TokenService tokens;
    private final AccountStore store;
    private final String bootstrapToken;

    AccountBootstrap(TokenService tokens, AccountStore store, AccountProperties properties) {
        this.tokens = tokens;
        this.store = store;
        this.bootstrapToken = properties.bootstrap().adminToken();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (StringUtils.hasText(bootstrapToken)) {
            if (tokens.ensureAdminToken(bootstrapToken.strip())) {
                log.info("Admin token from hutong.bootstrap.admin-token registered");
            }
            return;
        }
        long admin = store.admin().id();
        if (!store.hasAnyToken(admin)) {
            String value = tokens.issue(admin, "initial", null).value();
            log.warn("""

                    ==================================================================
                     Initial admin token of this node (shown once, keep it safe):
                     {}
                    ==================================================================""", value);
        }
    }
}
