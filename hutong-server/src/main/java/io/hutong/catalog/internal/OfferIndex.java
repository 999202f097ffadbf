package io.hutong.catalog.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The offers of the catalog in memory, partitioned by provider, accelerator model and region and
 * ordered by price within a partition. A query skips whole partitions its provider, accelerator and
 * region sets exclude, and stops scanning a partition at the price ceiling or where no later (dearer)
 * offer could still reach the best scores found: no request scans the whole catalog or touches the
 * database.
 */
final class OfferIndex {

    static final OfferIndex EMPTY = new OfferIndex(List.of());

    /**
     * Offers of one provider, accelerator model and region, cheapest first.
     *
     * @param shared no offer has an owner: every user sees all of them
     */
    record Partition(Provider provider, String acceleratorKey, String region, Offer[] offers, double maxReliability,
            boolean shared) {

        /** The number of offers whose hourly price is at most {@code price}. */
        int countAtMost(double price) {
            int low = 0;
            int high = offers.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (offers[mid].pricePerHour() <= price + 1e-9) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }

    private final List<Partition> partitions;
    private final int size;

    private OfferIndex(List<Partition> partitions) {
        this.partitions = partitions;
        this.size = partitions.stream().mapToInt(p -> p.offers().length).sum();
    }

    static OfferIndex of(Collection<Offer> offers) {
        return new OfferIndex(partition(offers));
    }

    /** An index of these partitions plus {@code offers}: reuses partitions that did not change. */
    static OfferIndex of(List<Partition> kept, Collection<Offer> offers) {
        List<Partition> all = new ArrayList<>(kept);
        all.addAll(partition(offers));
        return new OfferIndex(all);
    }

    static List<Partition> partition(Collection<Offer> offers) {
        Map<String, List<Offer>> groups = offers.stream().collect(Collectors.groupingBy(
                o -> o.provider().code() + "\u0000" + o.acceleratorKey() + "\u0000" + o.region(), LinkedHashMap::new,
                Collectors.toList()));
        List<Partition> partitions = new ArrayList<>();
        for (List<Offer> group : groups.values()) {
            Offer[] sorted = group.toArray(Offer[]::new);
            Arrays.sort(sorted, Comparator.comparingDouble(Offer::pricePerHour).thenComparing(Offer::id));
            double reliability = group.stream().mapToDouble(Offer::reliability).max().orElse(0);
            boolean shared = group.stream().allMatch(o -> o.ownerUserId() == null);
            partitions.add(new Partition(sorted[0].provider(), sorted[0].acceleratorKey(), sorted[0].region(), sorted,
                    reliability, shared));
        }
        return partitions;
    }

    List<Partition> partitions() {
        return partitions;
    }

    List<Partition> partitionsOf(Provider provider) {
        return partitions.stream().filter(p -> p.provider() == provider).toList();
    }

    int size() {
        return size;
    }

    /**
     * An offer the user may see, by id, for a chosen path: a scan, but only once per executed step.
     * Ids are not unique across users: two users' own dbc_clients offer the same machine each.
     */
    Offer find(String id, long userId) {
        for (Partition partition : partitions) {
            for (Offer offer : partition.offers()) {
                if (offer.id().equals(id) && offer.visibleTo(userId)) {
                    return offer;
                }
            }
        }
        return null;
    }
}
