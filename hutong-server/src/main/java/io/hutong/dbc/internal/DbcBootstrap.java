package io.hutong.dbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Before the node serves requests: the dbc_clients of {@code hutong.dbc.clients.*} exist as configured. */
@Component
class DbcBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DbcBootstrap.class);

    private final DbcAccounts accounts;
    private final DbcProperties properties;

    DbcBootstrap(DbcAccounts accounts, DbcProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        properties.clients().forEach((name, client) -> {
            try {
                accounts.configure(name, client);
            } catch (io.hutong.web.ApiException e) {
                // a wrong seed or URL must stop the start, not surface later as failed VM requests
                throw new IllegalStateException("hutong.dbc.clients." + name + ": " + e.getMessage(), e);
            }
            log.info("dbc_client {} from properties: {}", name, client.url());
        });
    }
}
