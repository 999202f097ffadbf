package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.catalog.internal.Fit.Rule;
import io.hutong.catalog.internal.OfferIndex.Partition;
import io.hutong.catalog.internal.Scoring.Cost;
import io.hutong.catalog.internal.Scoring.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One requirement (one alternative) run over the catalog: the best {@code limit} candidates, the
 * first {@code rejectionLimit} rejected offers with their reasons, how many offers each rule set
 * aside, and the zones of the matches.
 */
final class Search {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Candidate(Integer rank, Integer alternative, Offer offer, Cost cost, Score score) {

        Candidate ranked(int position) {
            return new Candidate(position, alternative, offer, cost, score);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejection(String offerId, Provider provider, String providerName, String region, String zone,
            String instanceType, Integer alternative, List<String> reasons) {

        static Rejection of(Offer o, Integer alternative, List<String> reasons) {
            return new Rejection(o.id(), o.provider(), o.providerName(), o.region(), o.zone(), o.instanceType(),
                    alternative, reasons);
        }
    }

    /** A matching zone with its industries; counts are of the matches the search examined. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Zone(Provider provider, String providerName, String region, String regionName, String zone,
            String zoneName, List<String> industries, int matches, double bestScore, double lowestPricePerHour) {
    }

    /** Best first: score, then cost, then id (a stable order for equal offers). */
    static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> -c.score().total())
            .thenComparingDouble(c -> c.cost().total()).thenComparing(c -> c.offer().id());

    private final Scoring scoring;
    private final Requirement r;
    private final Integer alternative;
    private final long userId;
    private final int limit;
    private final int rejectionLimit;
    private final PriorityQueue<Candidate> top = new PriorityQueue<>(BEST_FIRST.reversed());
    private final List<Rejection> rejected = new ArrayList<>();
    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final int[] byRule = new int[Rule.values().length];
    int examined;
    int matched;
    int notExamined;

    Search(Scoring scoring, Requirement r, Integer alternative, long userId, int limit, int rejectionLimit) {
        this.scoring = scoring;
        this.r = r;
        this.alternative = alternative;
        this.userId = userId;
        this.limit = limit;
        this.rejectionLimit = rejectionLimit;
    }

    Search run(OfferIndex index, List<Offer> extra) {
        for (Partition p : index.partitions()) {
            int cut = 0;
            if (r.provider() != null && !r.provider().accepts(p.provider().code())) {
                cut |= Rule.PROVIDER.bit;
            }
            if (r.accelerator() != null && !r.accelerator().accepts(p.acceleratorKey())) {
                cut |= Rule.ACCELERATOR.bit;
            }
            if (r.region() != null && !r.region().accepts(p.region())) {
                cut |= Rule.REGION.bit;
            }
            Offer[] offers = p.offers();
            if (cut != 0) {
                setAside(p, 0, offers.length, Rule.first(cut));
                continue;
            }
            int end = offers.length;
            if (!r.interruptible() && r.maxPricePerHour() != null) {
                end = p.countAtMost(r.maxPricePerHour());
                setAside(p, end, offers.length, Rule.PRICE);
            }
            for (int i = 0; i < end; i++) {
                // cheapest first: once even a perfectly available offer at this price cannot beat the
                // worst of the best found, no later offer of the partition can either
                if (!r.interruptible() && top.size() == limit
                        && scoring.bound(offers[i].pricePerHour(), r, p.maxReliability())
                                < top.peek().score().total() - 1e-4) {
                    notExamined += visible(p, i, end);
                    break;
                }
                consider(offers[i]);
            }
        }
        extra.forEach(this::consider);
        return this;
    }

    private void consider(Offer o) {
        if (!o.visibleTo(userId)) {
            return;
        }
        examined++;
        int broken = Fit.check(o, r);
        if (broken != 0) {
            reject(o, broken);
            return;
        }
        matched++;
        Candidate candidate = new Candidate(null, alternative, o, Scoring.cost(o, r), scoring.score(o, r));
        if (top.size() < limit) {
            top.add(candidate);
        } else if (BEST_FIRST.compare(candidate, top.peek()) < 0) {
            top.poll();
            top.add(candidate);
        }
        String key = o.provider().code() + "|" + o.providerName() + "|" + o.region() + "|" + o.zone();
        Zone zone = zones.get(key);
        zones.put(key, zone == null
                ? new Zone(o.provider(), o.providerName(), o.region(), o.regionName(), o.zone(), o.zoneName(),
                        o.industries(), 1, candidate.score().total(), candidate.cost().pricePerHour())
                : new Zone(zone.provider(), zone.providerName(), zone.region(), zone.regionName(), zone.zone(),
                        zone.zoneName(), zone.industries(), zone.matches() + 1,
                        Math.max(zone.bestScore(), candidate.score().total()),
                        Math.min(zone.lowestPricePerHour(), candidate.cost().pricePerHour())));
    }

    private void reject(Offer o, int broken) {
        byRule[Rule.first(broken).ordinal()]++;
        if (rejected.size() < rejectionLimit) {
            rejected.add(Rejection.of(o, alternative, Fit.reasons(o, r, broken)));
        }
    }

    /** Offers an index cut excludes: the first are listed with all their reasons, all are counted under {@code rule}. */
    private void setAside(Partition p, int from, int to, Rule rule) {
        Offer[] offers = p.offers();
        int i = from;
        for (; i < to && rejected.size() < rejectionLimit; i++) {
            if (offers[i].visibleTo(userId)) {
                rejected.add(Rejection.of(offers[i], alternative, Fit.reasons(offers[i], r, Fit.check(offers[i], r))));
                byRule[rule.ordinal()]++;
            }
        }
        byRule[rule.ordinal()] += visible(p, i, to);
    }

    private int visible(Partition p, int from, int to) {
        if (p.shared() || from >= to) {
            return Math.max(0, to - from);
        }
        int count = 0;
        for (int i = from; i < to; i++) {
            if (p.offers()[i].visibleTo(userId)) {
                count++;
            }
        }
        return count;
    }

    List<Candidate> candidates() {
        List<Candidate> best = new ArrayList<>(top);
        best.sort(BEST_FIRST);
        return best;
    }

    List<Rejection> rejected() {
        return rejected;
    }

    List<Zone> zones() {
        return new ArrayList<>(zones.values());
    }

    /** Rejected offers per rule field, each offer under the first rule that set it aside. */
    Map<String, Integer> rejectedByRule() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Rule rule : Rule.values()) {
            if (byRule[rule.ordinal()] > 0) {
                counts.put(rule.field, byRule[rule.ordinal()]);
            }
        }
        return counts;
    }

    int rejectedTotal() {
        int total = 0;
        for (int count : byRule) {
            total += count;
        }
        return total;
    }

    /**
     * Offers that break the fewest rules (at least one), best score first: "did you mean …" when
     * nothing fits. Scans every visible offer, so it runs only when the search found nothing.
     */
    static List<Candidate> nearMisses(Scoring scoring, Requirement r, Integer alternative, long userId,
            OfferIndex index, List<Offer> extra, int limit, Map<String, List<String>> reasons) {
        List<Candidate> found = new ArrayList<>();
        int fewest = Integer.MAX_VALUE;
        List<Offer> all = new ArrayList<>(extra);
        index.partitions().forEach(p -> all.addAll(List.of(p.offers())));
        for (Offer o : all) {
            if (!o.visibleTo(userId)) {
                continue;
            }
            int broken = Integer.bitCount(Fit.check(o, r));
            if (broken == 0 || broken > fewest) {
                continue;
            }
            if (broken < fewest) {
                fewest = broken;
                found.clear();
            }
            found.add(new Candidate(null, alternative, o, Scoring.cost(o, r), scoring.score(o, r)));
        }
        found.sort(BEST_FIRST);
        List<Candidate> nearest = found.subList(0, Math.min(limit, found.size()));
        nearest.forEach(c -> reasons.put(c.offer().id(), Fit.reasons(c.offer(), r, Fit.check(c.offer(), r))));
        return new ArrayList<>(nearest);
    }
}
