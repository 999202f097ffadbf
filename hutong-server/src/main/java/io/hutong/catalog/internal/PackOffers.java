package io.hutong.catalog.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hutong.catalog.internal.Catalog.ProviderStatus;
import io.hutong.catalog.internal.CatalogFile.NodeSection;
import io.hutong.pack.DurationType;
import io.hutong.pack.Pack;
import io.hutong.pack.PackNode;
import io.hutong.pack.Packs;
import io.hutong.web.ApiDates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The calling user's usable resource packs as offers of zero marginal cost. A user's packs are
 * read once per {@code hutong.catalog.pack-cache}; a training this feature starts or finishes
 * forgets them at once. A training started elsewhere is noticed within that time, and starting a
 * path checks the pack again under its lock anyway.
 */
@Component
class PackOffers {

    private static final int MAX_CACHED = 100_000;

    record UserPacks(List<Offer> offers, ProviderStatus status) {
    }

    private final Packs packs;
    private final ApiDates dates;
    private final Clock clock;
    private final Cache<Long, UserPacks> cache;

    PackOffers(Packs packs, ApiDates dates, Clock clock, CatalogProperties properties) {
        this.packs = packs;
        this.dates = dates;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.packCache()).maximumSize(MAX_CACHED).build();
    }

    UserPacks of(long userId, NodeSection described) {
        return cache.get(userId, id -> read(id, described));
    }

    void forget(long userId) {
        cache.invalidate(userId);
    }

    private UserPacks read(long userId, NodeSection described) {
        String at = dates.format(clock.instant());
        try {
            Instant now = clock.instant();
            List<Offer> offers = new ArrayList<>();
            for (Pack pack : packs.usablePacks(userId)) {
                offers.add(offer(pack, described, now, at));
            }
            return new UserPacks(List.copyOf(offers),
                    ProviderStatus.ok(Provider.PACK, "resource packs", offers.size(), at));
        } catch (RuntimeException e) {
            return new UserPacks(List.of(), new ProviderStatus(Provider.PACK, "resource packs", "failed", 0, at,
                    e.getMessage()));
        }
    }

    /** A pack's nodes add up to one offer; a timing pack can run as long as its seconds last. */
    static Offer offer(Pack pack, NodeSection described, Instant now, String at) {
        int cpus = 0;
        int gpus = 0;
        long memory = 0;
        for (PackNode node : pack.nodes()) {
            cpus += node.cpuCount() * node.nodeCount();
            gpus += node.gpuCount() * node.nodeCount();
            memory += node.memorySize() * node.nodeCount();
        }
        Double hoursLeft = pack.durationType() == DurationType.TIMING || pack.activityEnd() != null
                ? Scoring.round(pack.remaining(now).toMillis() / 3_600_000.0) : null;
        return new Offer("pack:" + pack.id(), Provider.PACK, pack.packName(),
                described.region() == null ? "local" : described.region(), null, described.zone(), null,
                described.industries() == null ? List.of() : described.industries(), "pack",
                gpus == 0 ? null : described.accelerator(), gpus, cpus, (double) memory, described.diskGib(), 0, null,
                described.currency() == null ? "CNY" : described.currency(), 1, hoursLeft,
                described.reliability() == null ? 1.0 : described.reliability(), Long.toString(pack.id()),
                "resource pack", at, pack.userId());
    }
}
