package io.hutong.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.catalog.internal.CatalogProperties.Weights;
import io.hutong.catalog.internal.Search.Candidate;
import io.hutong.web.Violations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index's shortcuts (partitions skipped, the price cut, stopping where no dearer offer can
 * outrank the best found) never change the answer: the same candidates in the same order as
 * checking and scoring every offer.
 */
class SearchTest {

    private static final String[] MODELS = {null, "T4", "A10", "A100"};
    private static final String[] REGIONS = {"r1", "r2", "r3", "r4"};
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Scoring scoring = new Scoring(new Weights(0.6, 0.25, 0.15, 100));

    @Test
    void theIndexAnswersLikeAFullScan() {
        Random random = new Random(42);
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            offers.add(offer(i, random));
        }
        OfferIndex index = OfferIndex.of(offers);
        List<Offer> packs = List.of(offer(90_001, random), offer(90_002, random));
        String[] requests = {
            "{}",
            "{\"accelerator\": \"A100\", \"cpus\": \"8+\", \"hours\": 10}",
            "{\"accelerator\": {\"in\": [\"A10\", \"T4\"]}, \"memory\": \"4x\", \"region\": [\"r1\", \"r3\"]}",
            "{\"accelerator\": {\"notin\": [\"A100\"]}, \"max_price_per_hour\": 20, \"nodes\": 3}",
            "{\"provider\": [\"cloud\", \"pack\"], \"industry\": {\"notin\": [\"energy\"]}, \"hours\": 100}",
            "{\"accelerator\": \"T4:2+\", \"interruptible\": true, \"max_price_per_hour\": 5}",
            "{\"cpus\": 16, \"memory\": \"64+\", \"disk\": \"100+\", \"zone\": {\"notin\": [\"r2-z1\"]}}"};
        for (String request : requests) {
            Violations violations = new Violations();
            Requirement r = Requirement.parse(JSON.readTree(request), "r", violations);
            violations.throwIfAny();
            for (int limit : new int[] {1, 10, 50}) {
                List<String> indexed = new Search(scoring, r, null, 1, limit, 20).run(index, packs).candidates()
                        .stream().map(c -> c.offer().id()).toList();
                List<Offer> all = new ArrayList<>(offers);
                all.addAll(packs);
                List<String> scanned = all.stream().filter(o -> Fit.check(o, r) == 0)
                        .map(o -> new Candidate(null, null, o, Scoring.cost(o, r), scoring.score(o, r)))
                        .sorted(Search.BEST_FIRST).limit(limit).map(c -> c.offer().id()).toList();
                assertThat(indexed).as(request + " limit " + limit).isEqualTo(scanned);
            }
        }
    }

    @Test
    void rejectedOffersAreCountedOnceEach() {
        Random random = new Random(7);
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            offers.add(offer(i, random));
        }
        Violations violations = new Violations();
        Requirement r = Requirement.parse(JSON.readTree("{\"accelerator\": \"A10\", \"max_price_per_hour\": 30}"), "r",
                violations);
        Search search = new Search(scoring, r, null, 1, 10, 5).run(OfferIndex.of(offers), List.of());
        assertThat(search.matched + search.rejectedTotal() + search.notExamined).isEqualTo(offers.size());
        assertThat(search.rejected()).hasSize(5).allSatisfy(rejection -> assertThat(rejection.reasons()).isNotEmpty());
        assertThat(search.candidates()).isSortedAccordingTo(Search.BEST_FIRST);
        assertThat(search.candidates()).extracting(c -> c.score().total())
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    private static Offer offer(int i, Random random) {
        Provider provider = i >= 90_000 ? Provider.PACK : random.nextInt(5) == 0 ? Provider.DBC : Provider.CLOUD;
        String model = MODELS[random.nextInt(MODELS.length)];
        int vcpus = 2 << random.nextInt(6);
        String region = REGIONS[random.nextInt(REGIONS.length)];
        double price = provider == Provider.PACK ? 0 : Math.round(random.nextDouble() * 6000) / 100.0;
        return new Offer(provider.code() + ":" + i, provider, "p" + random.nextInt(3), region, null,
                region + "-z" + random.nextInt(2), null, random.nextBoolean() ? List.of("finance") : List.of("energy"),
                "t" + i, model, model == null ? 0 : 1 << random.nextInt(4), vcpus, (double) vcpus * (1 << random.nextInt(4)),
                random.nextInt(4) == 0 ? null : (double) random.nextInt(500), price,
                random.nextBoolean() ? price / 3 : null, "CNY", random.nextInt(4) == 0 ? null : random.nextInt(8),
                provider == Provider.PACK ? (double) random.nextInt(200) : null,
                0.8 + random.nextInt(20) / 100.0, "ref", "test", "2026-01-01 00:00:00", null);
    }
}
