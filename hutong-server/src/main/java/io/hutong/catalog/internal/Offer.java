package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One normalized offer of the catalog, whatever its provider. Numbers a provider does not know are
 * null, and a requirement on them is not met.
 *
 * @param id stable across refreshes: {@code cloud:ctyun:<zone>:<type>}, {@code dbc:<machine>:<gpus>},
 *     {@code pack:<pack id>}, {@code local:<node>}, {@code peer:<node>}
 * @param available instances that can be had now (live where the provider tells); null when unknown
 * @param hoursLeft how long the offer can run (a pack's remaining time); null when unlimited
 * @param ref what the offer runs on: the DBC machine id, the pack id, the node id
 * @param ownerUserId the only user who may see it (a user's own dbc_client or pack); null for everyone
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Offer(String id, Provider provider, String providerName, String region, String regionName, String zone,
        String zoneName, List<String> industries, String instanceType, String accelerator, int acceleratorCount,
        Integer vcpus, Double memoryGib, Double diskGib, double pricePerHour, Double interruptiblePricePerHour,
        String currency, Integer available, Double hoursLeft, double reliability, String ref, String source,
        String refreshedAt, @JsonIgnore Long ownerUserId) {

    /** The accelerator model as indexed: lower case, empty when the offer has none. */
    @JsonIgnore
    public String acceleratorKey() {
        return accelerator == null ? "" : accelerator.toLowerCase(Locale.ROOT);
    }

    public boolean visibleTo(long userId) {
        return ownerUserId == null || ownerUserId == userId;
    }
}
