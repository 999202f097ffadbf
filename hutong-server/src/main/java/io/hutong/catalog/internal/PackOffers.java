package io.hutong.catalog.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The calling user's usable resource packs as offers of zero marginal cost. A user's packs are
 * read again in the background once they are older than {@code hutong.catalog.pack-cache}, so a
 * query waits for the database only for a user it has not seen for twice that; a training this
 * feature starts or finishes forgets them at once. Whether a pack is still usable, and how long it
 * can run, is worked out at each query. A training started elsewhere is noticed within that time,
 * and starting a path checks the pack again under its lock anyway.
 */
@Component
class PackOffers {

    private static final int MAX_CACHED = 100_000;

    record UserPacks(List<Offer> offers, ProviderStatus status) {
    }

    /** The user's packs as read at {@code at} (as answered), or why they could not be read. */
    private record Read(List<Pack> packs, String at, String error) {
    }

    private final Packs packs;
    private final ApiDates dates;
    private final Clock clock;
    private final LoadingCache<Long, Read> cache;

    PackOffers(Packs packs, ApiDates dates, Clock clock, CatalogProperties properties,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        this.packs = packs;
        this.dates = dates;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().refreshAfterWrite(properties.packCache())
                .expireAfterWrite(properties.packCache().multipliedBy(2)).maximumSize(MAX_CACHED)
                .executor(executor::execute).build(this::read);
    }

    UserPacks of(long userId, NodeSection described) {
        Read read = cache.get(userId);
        String at = read.at();
        if (read.error() != null) {
            return new UserPacks(List.of(), new ProviderStatus(Provider.PACK, "resource packs", "failed", 0, at,
                    read.error()));
        }
        Instant now = clock.instant();
        List<Offer> offers = new ArrayList<>();
        for (Pack pack : read.packs()) {
            if (pack.usable(now)) {
                offers.add(offer(pack, described, now, at));
            }
        }
        return new UserPacks(List.copyOf(offers), ProviderStatus.ok(Provider.PACK, "resource packs", offers.size(), at));
    }

    void forget(long userId) {
        cache.invalidate(userId);
    }

    private Read read(long userId) {
        String at = dates.format(clock.instant());
        try {
            return new Read(packs.usablePacks(userId), at, null);
        } catch (RuntimeException e) {
            return new Read(List.of(), at, e.getMessage());
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
