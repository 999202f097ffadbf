package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an offer comes from. */
public enum Provider {
    /** Regions, zones and instance types of a public cloud, from the catalog file. */
    CLOUD,
    /** A DBC GPU machine of a registered dbc_client, sliced by GPU count. */
    DBC,
    /** A resource pack of the caller: already paid for, zero marginal cost. */
    PACK,
    /** This node's own capacity. */
    LOCAL,
    /** Another node of the federation (a party for BFIA jobs). */
    PEER;

    private final String code = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String code() {
        return code;
    }

    public static Provider ofCode(String code) {
        for (Provider provider : values()) {
            if (provider.code().equalsIgnoreCase(code)) {
                return provider;
            }
        }
        return null;
    }

    public static String codes() {
        return Arrays.stream(values()).map(Provider::code).collect(Collectors.joining(","));
    }
}
