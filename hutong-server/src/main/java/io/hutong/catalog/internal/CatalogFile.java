package io.hutong.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The catalog file: public-cloud providers with their instance types, regions, zones (with industry
 * tags) and what each zone offers, plus how DBC machines, resource packs, this node and its peers
 * are described (prices and places the providers themselves do not report).
 */
record CatalogFile(List<Cloud> providers, DbcSection dbc, NodeSection packs, NodeSection local,
        Map<String, NodeSection> peers) {

    static final CatalogFile EMPTY = new CatalogFile(List.of(), null, null, null, Map.of());
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    CatalogFile {
        providers = providers == null ? List.of() : providers;
        dbc = dbc == null ? new DbcSection(null, null, null, null, null, null, null, null) : dbc;
        packs = packs == null ? NodeSection.NONE : packs;
        local = local == null ? NodeSection.NONE : local;
        peers = peers == null ? Map.of() : peers;
    }

    /** A public cloud, e.g. ctyun. */
    record Cloud(String name, String displayName, String currency, Double reliability,
            List<InstanceType> instanceTypes, List<Region> regions) {
    }

    record InstanceType(String name, String accelerator, Integer acceleratorCount, Integer vcpus, Double memoryGib,
            Double diskGib, Double pricePerHour, Double interruptiblePricePerHour) {
    }

    /** @param priceFactor multiplies the instance types' prices in this region (default 1) */
    record Region(String id, String name, Double priceFactor, List<Zone> zones) {
    }

    /**
     * @param offers instance type → instances available now (a number), or
     *     {@code {available, price_per_hour, interruptible_price_per_hour}} for a zone's own price
     */
    record Zone(String id, String name, List<String> industries, Map<String, JsonNode> offers) {
    }

    /** Prices and places of DBC machines, with overrides per machine id. */
    record DbcSection(String gpuModel, Double pricePerGpuHour, String currency, Double reliability, String region,
            String zone, List<String> industries, Map<String, NodeSection> machines) {

        DbcSection {
            machines = machines == null ? Map.of() : machines;
        }
    }

    /** How a node, a pack or a DBC machine is described; unset numbers are unknown (or measured, for this node). */
    record NodeSection(String region, String zone, List<String> industries, String accelerator,
            Integer acceleratorCount, Integer vcpus, Double memoryGib, Double diskGib, Double pricePerHour,
            Double pricePerGpuHour, String gpuModel, String currency, Double reliability) {

        static final NodeSection NONE = new NodeSection(null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** Reads and checks a catalog file; a mistake is reported with where it is. */
    static CatalogFile read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read catalog file " + path + ": " + e.getMessage(), e);
        }
    }

    static CatalogFile read(InputStream in, String name) {
        CatalogFile file;
        try {
            file = YAML.readValue(in, CatalogFile.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("catalog file " + name + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        List<String> problems = file == null ? List.of("empty") : file.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("catalog file " + name + ": " + String.join("; ", problems));
        }
        return file;
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            Cloud cloud = providers.get(i);
            String at = "providers[" + i + "]";
            if (cloud.name() == null || cloud.name().isBlank()) {
                problems.add(at + ".name: notBlank");
            }
            Map<String, InstanceType> types = new HashMap<>();
            List<InstanceType> listed = cloud.instanceTypes() == null ? List.of() : cloud.instanceTypes();
            for (int t = 0; t < listed.size(); t++) {
                InstanceType type = listed.get(t);
                String where = at + ".instance_types[" + t + "]";
                if (type.name() == null || type.vcpus() == null || type.memoryGib() == null
                        || type.pricePerHour() == null) {
                    problems.add(where + ": name, vcpus, memory_gib and price_per_hour are required");
                } else {
                    types.put(type.name(), type);
                }
            }
            List<Region> regions = cloud.regions() == null ? List.of() : cloud.regions();
            for (int r = 0; r < regions.size(); r++) {
                Region region = regions.get(r);
                if (region.id() == null) {
                    problems.add(at + ".regions[" + r + "].id: notBlank");
                }
                List<Zone> zones = region.zones() == null ? List.of() : region.zones();
                for (int z = 0; z < zones.size(); z++) {
                    Zone zone = zones.get(z);
                    String where = at + ".regions[" + r + "].zones[" + z + "]";
                    if (zone.id() == null) {
                        problems.add(where + ".id: notBlank");
                    }
                    if (zone.offers() != null) {
                        zone.offers().forEach((type, offer) -> {
                            if (!types.containsKey(type)) {
                                problems.add(where + ".offers." + type + ": no such instance type");
                            } else if (!offer.isIntegralNumber() && !offer.isObject()) {
                                problems.add(where + ".offers." + type + ": a count or {available, price_per_hour}");
                            }
                        });
                    }
                }
            }
            if (problems.size() > 20) {
                break;
            }
        }
        return problems;
    }
}
