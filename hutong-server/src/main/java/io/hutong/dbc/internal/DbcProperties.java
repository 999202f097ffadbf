package io.hutong.dbc.internal;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hutong.dbc.*}.
 *
 * @param requestTimeout how long Hutong waits for a dbc_client (which itself waits 30 s for the node)
 * @param machineTtl how long a machine's configuration is used before it is read again
 * @param gatewayPrefix where the dbc_client-compatible gateway is mounted ({@code <prefix>/api/v1/…})
 * @param clients dbc_clients and their accounts given by the operator (e.g. from a secret store)
 */
@ConfigurationProperties("hutong.dbc")
public record DbcProperties(@DefaultValue("45s") Duration requestTimeout,
        @DefaultValue("60s") Duration machineTtl, @DefaultValue("/dbc") String gatewayPrefix, Poll poll,
        Map<String, Client> clients) {

    public DbcProperties {
        poll = poll != null ? poll : new Poll(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofHours(2), 50);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    /**
     * Following VMs.
     *
     * @param interval how often the scheduler looks for due polls
     * @param initial the first wait after an operation; each further poll waits twice as long, up to {@code max}
     * @param giveUp after this long without reaching the expected status Hutong stops following
     * @param batch how many due VMs one replica claims at once
     */
    public record Poll(@DefaultValue("1s") Duration interval, @DefaultValue("5s") Duration initial,
            @DefaultValue("60s") Duration max, @DefaultValue("2h") Duration giveUp, @DefaultValue("50") int batch) {
    }

    /** One dbc_client from the properties: its URL and one of session-id + session-id-sign or wallet + seed. */
    public record Client(String url, String sessionId, String sessionIdSign, String wallet, String seed) {

        @Override
        public String toString() {
            return "Client[" + url + ", wallet " + wallet + ", secrets hidden]";
        }
    }
}
