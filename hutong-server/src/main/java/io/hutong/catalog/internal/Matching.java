package io.hutong.catalog.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.catalog.internal.Catalog.ProviderStatus;
import io.hutong.catalog.internal.Catalog.Snapshot;
import io.hutong.catalog.internal.CatalogProperties.Weights;
import io.hutong.catalog.internal.Scoring.Cost;
import io.hutong.catalog.internal.Scoring.Score;
import io.hutong.catalog.internal.Search.Candidate;
import io.hutong.catalog.internal.Search.Rejection;
import io.hutong.catalog.internal.Search.Zone;
import io.hutong.web.Violations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Matches requirements against the catalog: one requirement, alternatives tried in order (the
 * first that finds candidates wins) or any-of (all are tried, the best candidates of all win).
 */
@Component
public class Matching {

    static final String FORMULA = "score = price × w.price + availability × w.availability + reliability × "
            + "w.reliability; price = R / (R + cost), cost = price_per_hour × hours × nodes (packs: 0); "
            + "availability = 1 (≥ 2× the nodes asked for), 0.75 (just enough), 0.5 (unknown); "
            + "reliability = the provider's";
    private static final int NEAR_MISSES = 5;

    /** What to match: alternatives and how to use them. */
    public record Query(List<Requirement> alternatives, boolean ordered, boolean anyOf, int limit, int rejectionLimit) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(int offers, int examined, int matched, int rejected, Map<String, Integer> rejectedByRule,
            int notExamined) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NearMiss(Integer alternative, Offer offer, Cost cost, Score score, List<String> reasons) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ScoreRule(String formula, Weights weights) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String mode, Integer matchedAlternative, List<Candidate> candidates, List<Zone> zones,
            List<Rejection> rejected, Summary summary, List<NearMiss> nearMisses, List<ProviderStatus> providers,
            ScoreRule score) {
    }

    private final Catalog catalog;
    private final PackOffers packs;
    private final Operations operations;
    private final Scoring scoring;
    private final CatalogProperties properties;

    Matching(Catalog catalog, PackOffers packs, Operations operations, CatalogProperties properties) {
        this.catalog = catalog;
        this.packs = packs;
        this.operations = operations;
        this.scoring = new Scoring(properties.score());
        this.properties = properties;
    }

    /**
     * Reads what a query asks: one of {@code resources} (a requirement), {@code any_of} or
     * {@code ordered} (lists of requirements), and {@code limit}, {@code rejection_limit}.
     */
    public Query parse(JsonNode data, String field, Violations violations) {
        List<String> given = new ArrayList<>();
        for (String key : List.of("resources", "any_of", "ordered")) {
            if (data.hasNonNull(key)) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            violations.add(field + "." + given.get(1), "oneOf(resources,any_of,ordered)");
        }
        List<Requirement> alternatives = new ArrayList<>();
        String mode = given.isEmpty() ? "resources" : given.get(0);
        if (mode.equals("resources")) {
            alternatives.add(Requirement.parse(data.get("resources"), field + ".resources", violations));
        } else {
            JsonNode list = data.get(mode);
            if (!list.isArray() || list.isEmpty() || list.size() > 16) {
                violations.add(field + "." + mode, "size(1,16)");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    alternatives.add(Requirement.parse(list.get(i), field + "." + mode + "[" + i + "]", violations));
                }
            }
        }
        int limit = bounded(data.get("limit"), field + ".limit", properties.limit(), 100, violations);
        int rejectionLimit = bounded(data.get("rejection_limit"), field + ".rejection_limit",
                properties.rejectionLimit(), 1000, violations);
        return new Query(alternatives, mode.equals("ordered"), mode.equals("any_of"), limit, rejectionLimit);
    }

    private static int bounded(JsonNode node, String field, int fallback, int max, Violations violations) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > max) {
            violations.add(field, "range(0," + max + ")");
            return fallback;
        }
        return node.asInt();
    }

    /** {@code query_computing_resources}: reads the query, matches it, and queues the call's record. */
    public Result query(long userId, InteropCall call) {
        Violations violations = new Violations();
        Query query = parse(call.data(), "data", violations);
        violations.throwIfAny();
        Result result = match(userId, query);
        operations.queue("query_computing_resources", userId, call, null, result.candidates().size() + " candidates");
        return result;
    }

    public Result match(long userId, Query query) {
        Snapshot snapshot = catalog.snapshot();
        List<ProviderStatus> providers = new ArrayList<>(snapshot.statuses());
        List<Offer> userPacks = List.of();
        if (query.alternatives().stream().anyMatch(r -> r.provider() == null || r.provider().accepts("pack"))) {
            PackOffers.UserPacks read = packs.of(userId, snapshot.file().packs());
            userPacks = read.offers();
            providers.add(read.status());
        }
        boolean several = query.alternatives().size() > 1;
        List<Search> searches = new ArrayList<>();
        Integer matchedAlternative = null;
        for (int i = 0; i < query.alternatives().size(); i++) {
            Search search = new Search(scoring, query.alternatives().get(i), several ? i : null, userId,
                    Math.max(query.limit(), 1), query.rejectionLimit()).run(snapshot.index(), userPacks);
            searches.add(search);
            if (query.ordered() && search.matched > 0) {
                matchedAlternative = i;
                break;
            }
        }
        List<Candidate> candidates = best(searches, query.limit());
        List<NearMiss> nearMisses = null;
        if (candidates.isEmpty()) {
            nearMisses = nearMisses(query, userId, snapshot.index(), userPacks);
        }
        return new Result(query.ordered() ? "ordered" : query.anyOf() ? "any_of" : "resources", matchedAlternative,
                candidates, zones(searches), rejected(searches, query.rejectionLimit()), summary(searches),
                nearMisses, providers,
                new ScoreRule(FORMULA, scoring.weights()));
    }

    /** The best candidates of every search; an offer several alternatives found counts once, at its best. */
    private static List<Candidate> best(List<Search> searches, int limit) {
        Map<String, Candidate> byOffer = new LinkedHashMap<>();
        for (Search search : searches) {
            for (Candidate c : search.candidates()) {
                byOffer.merge(c.offer().id(), c, (a, b) -> Search.BEST_FIRST.compare(a, b) <= 0 ? a : b);
            }
        }
        List<Candidate> all = new ArrayList<>(byOffer.values());
        all.sort(Search.BEST_FIRST);
        List<Candidate> ranked = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = 0; i < Math.min(limit, all.size()); i++) {
            ranked.add(all.get(i).ranked(i + 1));
        }
        return ranked;
    }

    private static List<Zone> zones(List<Search> searches) {
        Map<String, Zone> merged = new LinkedHashMap<>();
        for (Search search : searches) {
            for (Zone z : search.zones()) {
                merged.merge(z.provider().code() + "|" + z.providerName() + "|" + z.region() + "|" + z.zone(), z,
                        (a, b) -> new Zone(a.provider(), a.providerName(), a.region(), a.regionName(), a.zone(),
                                a.zoneName(), a.industries(), a.matches() + b.matches(),
                                Math.max(a.bestScore(), b.bestScore()),
                                Math.min(a.lowestPricePerHour(), b.lowestPricePerHour())));
            }
        }
        List<Zone> zones = new ArrayList<>(merged.values());
        zones.sort(Comparator.comparingDouble(Zone::bestScore).reversed().thenComparing(Zone::zone,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return zones;
    }

    private static List<Rejection> rejected(List<Search> searches, int limit) {
        List<Rejection> all = new ArrayList<>();
        for (Search search : searches) {
            for (Rejection r : search.rejected()) {
                if (all.size() < limit) {
                    all.add(r);
                }
            }
        }
        return all;
    }

    /** Counts over every alternative tried; {@code offers} is what the caller may see of the catalog. */
    private static Summary summary(List<Search> searches) {
        Search first = searches.get(0);
        int offers = first.matched + first.rejectedTotal() + first.notExamined;
        int examined = 0;
        int matched = 0;
        int rejected = 0;
        int notExamined = 0;
        Map<String, Integer> byRule = new LinkedHashMap<>();
        for (Search search : searches) {
            examined += search.examined;
            matched += search.matched;
            rejected += search.rejectedTotal();
            notExamined += search.notExamined;
            search.rejectedByRule().forEach((rule, count) -> byRule.merge(rule, count, Integer::sum));
        }
        return new Summary(offers, examined, matched, rejected, byRule, notExamined);
    }

    private List<NearMiss> nearMisses(Query query, long userId, OfferIndex index, List<Offer> userPacks) {
        List<NearMiss> misses = new ArrayList<>();
        boolean several = query.alternatives().size() > 1;
        for (int i = 0; i < query.alternatives().size(); i++) {
            Map<String, List<String>> reasons = new LinkedHashMap<>();
            for (Candidate c : Search.nearMisses(scoring, query.alternatives().get(i), several ? i : null, userId,
                    index, userPacks, NEAR_MISSES, reasons)) {
                misses.add(new NearMiss(c.alternative(), c.offer(), c.cost(), c.score(), reasons.get(c.offer().id())));
            }
        }
        misses.sort(Comparator.comparingInt((NearMiss m) -> m.reasons().size())
                .thenComparingDouble(m -> -m.score().total()));
        return misses.subList(0, Math.min(NEAR_MISSES, misses.size()));
    }

    /** The offer a path names, if this user may see it now. */
    Offer find(long userId, String offerId) {
        Snapshot snapshot = catalog.snapshot();
        if (offerId.startsWith("pack:")) {
            packs.forget(userId);
            return packs.of(userId, snapshot.file().packs()).offers().stream()
                    .filter(o -> o.id().equals(offerId)).findFirst().orElse(null);
        }
        return snapshot.index().find(offerId, userId);
    }

    Scoring scoring() {
        return scoring;
    }

    PackOffers packs() {
        return packs;
    }
}
