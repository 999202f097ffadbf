package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.catalog.internal.CatalogFile.Cloud;
import io.hutong.catalog.internal.CatalogFile.InstanceType;
import io.hutong.catalog.internal.CatalogFile.NodeSection;
import io.hutong.catalog.internal.CatalogFile.Region;
import io.hutong.catalog.internal.CatalogFile.Zone;
import io.hutong.catalog.internal.OfferIndex.Partition;
import io.hutong.core.NodeProperties;
import io.hutong.dbc.DbcMachine;
import io.hutong.dbc.DbcMachines;
import io.hutong.node.LocalNode;
import io.hutong.node.Peer;
import io.hutong.node.Peers;
import io.hutong.web.ApiDates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The shared part of the catalog, in memory: the catalog file's cloud offers (read at start and on
 * an admin's reload), DBC machines, this node and its peers (read again every
 * {@code hutong.catalog.refresh-interval}). Requests read the current snapshot and never wait for a
 * refresh; a provider that fails keeps its last offers and is reported as failed.
 */
@Component
public class Catalog {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);
    static final String EXAMPLE = "/io/hutong/catalog/catalog-example.yml";
    private static final Duration STALE = Duration.ofMinutes(5);

    /** How a provider answered its last refresh. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderStatus(Provider provider, String name, String status, int offers, String refreshedAt,
            String message) {

        static ProviderStatus ok(Provider provider, String name, int offers, String at) {
            return new ProviderStatus(provider, name, "ok", offers, at, null);
        }
    }

    record Snapshot(OfferIndex index, List<ProviderStatus> statuses, CatalogFile file) {
    }

    private final CatalogProperties properties;
    private final DbcMachines dbcMachines;
    private final Peers peers;
    private final LocalNode local;
    private final NodeProperties node;
    private final ApiDates dates;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(OfferIndex.EMPTY, List.of(), CatalogFile.EMPTY);
    private volatile List<Partition> cloud = List.of();
    private volatile List<ProviderStatus> cloudStatus = List.of();
    private volatile CatalogFile file = CatalogFile.EMPTY;
    private volatile List<Offer> dbcOffers = List.of();

    Catalog(CatalogProperties properties, DbcMachines dbcMachines, Peers peers, LocalNode local, NodeProperties node,
            ApiDates dates, Clock clock) {
        this.properties = properties;
        this.dbcMachines = dbcMachines;
        this.peers = peers;
        this.local = local;
        this.node = node;
        this.dates = dates;
        this.clock = clock;
        loadFile();
    }

    Snapshot snapshot() {
        return snapshot;
    }

    public List<ProviderStatus> statuses() {
        return snapshot.statuses();
    }

    /** Reads the catalog file again and refreshes every provider (admin). */
    public synchronized void reload() {
        loadFile();
        refresh();
    }

    @Scheduled(fixedDelayString = "${hutong.catalog.refresh-interval:30s}")
    synchronized void refresh() {
        String now = dates.format(clock.instant());
        List<ProviderStatus> statuses = new ArrayList<>(cloudStatus);
        List<Offer> offers = new ArrayList<>();
        try {
            List<DbcMachine> machines = dbcMachines.allMachines();
            dbcOffers = dbcOffers(machines);
            statuses.add(dbcStatus(machines, now));
        } catch (RuntimeException e) {
            log.warn("DBC machines could not be read; keeping the last {} offers: {}", dbcOffers.size(), e.toString());
            statuses.add(new ProviderStatus(Provider.DBC, "dbc_clients", "failed", dbcOffers.size(), now,
                    e.getMessage()));
        }
        offers.addAll(dbcOffers);
        Offer self = localOffer(now);
        offers.add(self);
        statuses.add(ProviderStatus.ok(Provider.LOCAL, local.id(), 1, now));
        try {
            List<Offer> peerOffers = peers.all().stream().map(p -> peerOffer(p, now)).toList();
            offers.addAll(peerOffers);
            statuses.add(ProviderStatus.ok(Provider.PEER, "peers", peerOffers.size(), now));
        } catch (RuntimeException e) {
            statuses.add(new ProviderStatus(Provider.PEER, "peers", "failed", 0, now, e.getMessage()));
        }
        snapshot = new Snapshot(OfferIndex.of(cloud, offers), List.copyOf(statuses), file);
    }

    private void loadFile() {
        String now = dates.format(clock.instant());
        String name = properties.file() == null || properties.file().isBlank() ? "classpath:" + EXAMPLE
                : properties.file();
        try {
            CatalogFile read;
            if (properties.file() == null || properties.file().isBlank()) {
                try (InputStream in = Catalog.class.getResourceAsStream(EXAMPLE)) {
                    read = CatalogFile.read(in, name);
                }
            } else {
                read = CatalogFile.read(Path.of(properties.file()));
            }
            List<ProviderStatus> statuses = new ArrayList<>();
            List<Offer> offers = new ArrayList<>();
            for (Cloud provider : read.providers()) {
                List<Offer> of = cloudOffers(provider, now);
                offers.addAll(of);
                statuses.add(ProviderStatus.ok(Provider.CLOUD, provider.name(), of.size(), now));
            }
            file = read;
            cloud = OfferIndex.partition(offers);
            cloudStatus = List.copyOf(statuses);
            log.info("Catalog file {}: {} cloud offers of {} providers", name, offers.size(), statuses.size());
        } catch (IllegalArgumentException | IOException e) {
            // the last good file stays in use; the failure is what the providers' status reports
            log.error("Catalog file {} not used: {}", name, e.getMessage());
            cloudStatus = List.of(new ProviderStatus(Provider.CLOUD, name, "failed",
                    cloud.stream().mapToInt(p -> p.offers().length).sum(), now, e.getMessage()));
        }
    }

    private static List<Offer> cloudOffers(Cloud provider, String now) {
        Map<String, InstanceType> types = new HashMap<>();
        provider.instanceTypes().forEach(t -> types.put(t.name(), t));
        String currency = provider.currency() == null ? "CNY" : provider.currency();
        double reliability = provider.reliability() == null ? 0.99 : provider.reliability();
        List<Offer> offers = new ArrayList<>();
        for (Region region : provider.regions()) {
            double factor = region.priceFactor() == null ? 1 : region.priceFactor();
            for (Zone zone : region.zones()) {
                if (zone.offers() == null) {
                    continue;
                }
                zone.offers().forEach((typeName, stock) -> {
                    InstanceType type = types.get(typeName);
                    Integer available = stock.isIntegralNumber() ? stock.asInt() : integer(stock.get("available"));
                    Double price = stock.isObject() && stock.hasNonNull("price_per_hour")
                            ? stock.get("price_per_hour").asDouble() : type.pricePerHour() * factor;
                    Double spot = stock.isObject() && stock.hasNonNull("interruptible_price_per_hour")
                            ? Double.valueOf(stock.get("interruptible_price_per_hour").asDouble())
                            : type.interruptiblePricePerHour() == null ? null : type.interruptiblePricePerHour() * factor;
                    offers.add(new Offer("cloud:" + provider.name() + ":" + zone.id() + ":" + type.name(),
                            Provider.CLOUD, provider.name(), region.id(), region.name(), zone.id(), zone.name(),
                            zone.industries() == null ? List.of() : List.copyOf(zone.industries()), type.name(),
                            type.accelerator(), type.acceleratorCount() == null ? 0 : type.acceleratorCount(),
                            type.vcpus(), type.memoryGib(), type.diskGib(), Scoring.round(price),
                            spot == null ? null : Scoring.round(spot), currency, available, null, reliability,
                            type.name(), "catalog-file", now, null));
                });
            }
        }
        return offers;
    }

    private static Integer integer(JsonNode node) {
        return node == null || node.isNull() ? null : node.asInt();
    }

    /**
     * A DBC machine offered in slices of 1 to its free GPUs, each with its share of the machine's
     * cores, memory and disk (what a VM of that many GPUs is created with).
     */
    private List<Offer> dbcOffers(List<DbcMachine> machines) {
        CatalogFile.DbcSection dbc = file.dbc();
        List<Offer> offers = new ArrayList<>();
        for (DbcMachine m : machines) {
            if (m.gpuCount() <= 0 || m.freeGpus() <= 0) {
                continue;
            }
            NodeSection own = dbc.machines().getOrDefault(m.nodeId(), NodeSection.NONE);
            String model = first(own.gpuModel(), dbc.gpuModel(), "GPU");
            double perGpu = first(own.pricePerGpuHour(), dbc.pricePerGpuHour(), 3.0);
            for (int gpus = 1; gpus <= m.freeGpus(); gpus++) {
                offers.add(new Offer("dbc:" + m.nodeId() + ":" + gpus, Provider.DBC, m.clientName(),
                        first(own.region(), dbc.region(), "dbc"), null, first(own.zone(), dbc.zone(), m.nodeId()),
                        m.name(), first(own.industries(), dbc.industries(), List.of()),
                        "dbc." + gpus + "x" + model, model, gpus, m.cpuCores() * gpus / m.gpuCount(),
                        (double) (m.memGb() * gpus / m.gpuCount()), (double) (m.diskGb() * gpus / m.gpuCount()),
                        Scoring.round(perGpu * gpus), null, first(dbc.currency(), null, "CNY"),
                        m.freeGpus() / gpus, null, first(own.reliability(), dbc.reliability(), 0.9), m.nodeId(),
                        "dbc_client " + m.clientName(), dates.format(m.refreshedAt()), m.ownerUserId()));
            }
        }
        return List.copyOf(offers);
    }

    /** A machine whose dbc_client has not answered for a while is still offered, and reported. */
    private ProviderStatus dbcStatus(List<DbcMachine> machines, String now) {
        Duration limit = properties.refreshInterval().plus(STALE);
        long stale = machines.stream().filter(m -> m.refreshedAt() == null
                || m.refreshedAt().plus(limit).isBefore(clock.instant())).count();
        return stale == 0 ? ProviderStatus.ok(Provider.DBC, "dbc_clients", dbcOffers.size(), now)
                : new ProviderStatus(Provider.DBC, "dbc_clients", "stale", dbcOffers.size(), now,
                        stale + " of " + machines.size() + " machines not read again for over " + limit.toMinutes()
                                + " minutes: their dbc_client does not answer");
    }

    /** This node: what the file says, else what the machine has (its processors, memory, the data disk's free space). */
    private Offer localOffer(String now) {
        NodeSection own = file.local();
        int vcpus = first(own.vcpus(), null, Runtime.getRuntime().availableProcessors());
        double memory = first(own.memoryGib(), null, totalMemoryGib());
        double disk = first(own.diskGib(), null, freeDiskGib());
        return new Offer("local:" + local.id(), Provider.LOCAL, local.id(), first(own.region(), null, "local"), null,
                first(own.zone(), null, local.id()), null, first(own.industries(), null, List.of()), "node",
                own.accelerator(), first(own.acceleratorCount(), null, 0), vcpus, memory, disk,
                first(own.pricePerHour(), null, 0.0), null, first(own.currency(), null, "CNY"), 1, null,
                first(own.reliability(), null, 0.95), local.id(), "this node", now, null);
    }

    private Offer peerOffer(Peer peer, String now) {
        NodeSection own = file.peers().getOrDefault(peer.nodeId(), NodeSection.NONE);
        return new Offer("peer:" + peer.nodeId(), Provider.PEER, peer.nodeId(), first(own.region(), null, "federation"),
                null, first(own.zone(), null, peer.nodeId()), null, first(own.industries(), null, List.of()), "node",
                own.accelerator(), first(own.acceleratorCount(), null, 0), own.vcpus(), own.memoryGib(),
                own.diskGib(), first(own.pricePerHour(), null, 0.0), null, first(own.currency(), null, "CNY"), 1, null,
                first(own.reliability(), null, 0.9), peer.nodeId(), "peer " + peer.baseUrl(), now, null);
    }

    private static double totalMemoryGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.floor(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return 0;
    }

    private double freeDiskGib() {
        try {
            Path dir = node.dataDir().toAbsolutePath();
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
            return dir == null ? 0 : Math.floor(Files.getFileStore(dir).getUsableSpace() / (1024.0 * 1024 * 1024));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
