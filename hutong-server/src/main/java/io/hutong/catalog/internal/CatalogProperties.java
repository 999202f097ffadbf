package io.hutong.catalog.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hutong.catalog.*}.
 *
 * @param file the catalog file (YAML); unset: the example shipped with Hutong
 * @param refreshInterval how often DBC machines, this node and its peers are read again
 * @param packCache how long a user's usable packs are taken from memory
 * @param limit candidates answered when a request names no {@code limit}
 * @param rejectionLimit rejected offers listed when a request names no {@code rejection_limit}
 * @param operationFlush how often queued records of queries are written
 * @param queryConcurrency how many resource queries are evaluated at once (unset or 0: twice the
 *     processors); the others wait their turn, first come first served
 * @param queryPatience how long a query waits for its turn before it is answered as busy (HTTP 503)
 */
@ConfigurationProperties("hutong.catalog")
public record CatalogProperties(String file, @DefaultValue("30s") Duration refreshInterval,
        @DefaultValue("2s") Duration packCache, @DefaultValue("10") int limit, @DefaultValue("20") int rejectionLimit,
        @DefaultValue("200ms") Duration operationFlush, @DefaultValue("0") int queryConcurrency,
        @DefaultValue("10s") Duration queryPatience, Weights score) {

    public CatalogProperties {
        queryConcurrency = queryConcurrency > 0 ? queryConcurrency : 2 * Runtime.getRuntime().availableProcessors();
        score = score != null ? score : new Weights(0.6, 0.25, 0.15, 100);
    }

    /**
     * The score: {@code price × w.price + availability × w.availability + reliability × w.reliability}.
     *
     * @param referenceCost the cost (price × hours × nodes) whose price value is 0.5
     */
    public record Weights(@DefaultValue("0.6") double price, @DefaultValue("0.25") double availability,
            @DefaultValue("0.15") double reliability, @DefaultValue("100") double referenceCost) {
    }
}
