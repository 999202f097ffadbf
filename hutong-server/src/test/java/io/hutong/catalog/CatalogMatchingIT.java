package io.hutong.catalog;

import static io.hutong.catalog.CatalogFixtures.body;
import static io.hutong.catalog.CatalogFixtures.find;
import static io.hutong.catalog.CatalogFixtures.ids;
import static io.hutong.catalog.CatalogFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.dbc.DbcFixtures;
import io.hutong.pack.PackFixtures;
import io.hutong.standin.StandinDbcClient;
import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Matching and ranking on the shipped example catalog (ctyun-shaped zones and instance types), a
 * stand-in dbc_client's machine, the user's packs and this node: every kind of requirement, with
 * the rankings and rejection reasons worked out by hand from the documented score.
 */
class CatalogMatchingIT extends NodeIT {

    private static final String MACHINE = DbcFixtures.nodeId();
    private static StandinDbcClient standin;

    @Autowired
    JdbcClient jdbc;

    private TestUser user;
    private String longPack;
    private String shortPack;

    @BeforeAll
    static void startStandin() {
        standin = DbcFixtures.standin(MACHINE);
    }

    @AfterAll
    static void stopStandin() {
        standin.close();
    }

    @BeforeEach
    void userWithPacksAndAMachine() {
        user = newUser();
        PackFixtures packs = new PackFixtures(api);
        longPack = packs.timing(user, "ten-hours", 36_000).path("userPackId").asString();
        shortPack = packs.timing(user, "one-hour", 3_600).path("userPackId").asString();
        DbcFixtures.register(api, user, standin);
        CatalogFixtures.refresh(api);
    }

    @Test
    void everyKindOfRequirementWithRankingAndReasons() {
        JsonNode answer = query(api, user.token(), Map.of("userID", "u-1", "resources", Map.of(
                "accelerator", "A100", "accelerator_count", "1+", "cpus", "16+", "memory", "4x",
                "region", Map.of("in", List.of("cn-huadong1", "cn-huabei2")),
                "industry", Map.of("notin", List.of("energy")), "max_price_per_hour", 50, "hours", 10,
                "provider", List.of("cloud", "dbc", "pack")), "rejection_limit", 100));
        // zone 2's own price 39.90 beats zone 1's 42.00: cost 399 → price 100/499 = 0.2004 (× 0.6),
        // 2 available for 1 node → availability 1 (× 0.25), ctyun 0.99 (× 0.15): 0.5187
        assertThat(ids(answer.path("candidates"))).containsExactly(
                "cloud:ctyun:cn-huadong1-jsnj2A-public-ctcloud:p8a.8xlarge.8",
                "cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:p8a.8xlarge.8");
        JsonNode best = answer.path("candidates").get(0);
        assertThat(best.path("rank").asInt()).isEqualTo(1);
        assertThat(best.path("cost").path("total").asDouble()).isEqualTo(399.0);
        assertThat(best.path("score").path("price").path("value").asDouble()).isEqualTo(0.2004);
        assertThat(best.path("score").path("availability").path("value").asDouble()).isEqualTo(1.0);
        assertThat(best.path("score").path("reliability").path("points").asDouble()).isEqualTo(0.1485);
        assertThat(best.path("score").path("total").asDouble()).isEqualTo(0.5187);
        assertThat(answer.path("candidates").get(1).path("score").path("total").asDouble()).isEqualTo(0.5139);
        assertThat(answer.path("zones")).extracting(z -> z.path("zone").asString()).containsExactly(
                "cn-huadong1-jsnj2A-public-ctcloud", "cn-huadong1-jsnj1A-public-ctcloud");
        assertThat(answer.path("zones").get(0).path("industries").toString()).contains("finance", "healthcare");

        JsonNode rejected = answer.path("rejected");
        assertThat(find(rejected, "cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:p8a.32xlarge.8").path("reasons")
                .toString()).contains("max_price_per_hour: 318 CNY/h is above 50");
        assertThat(find(rejected, "pack:" + longPack).path("reasons").toString())
                .contains("cpus: 8, wants 16+", "region: local is not in [cn-huadong1, cn-huabei2]");
        assertThat(find(rejected, "dbc:" + MACHINE + ":1").path("reasons").toString())
                .contains("accelerator: RTX4090 is not in [a100]");
        assertThat(find(rejected, "cloud:ctyun:cn-huabei2-tj1A-public-ctcloud:m7.4xlarge.8").path("reasons")
                .toString()).contains("accelerator: none is not in [a100]");
        assertThat(find(rejected, "cloud:ctyun:cn-xinan1-gz1A-public-ctcloud:p8a.8xlarge.8").path("reasons")
                .toString()).contains("region: cn-xinan1 is not", "industry: [manufacturing, energy] is not notin [energy]",
                        "available: 0 available, wants 1");
        assertThat(find(rejected, "local:node-it").path("reasons").get(0).asString())
                .isEqualTo("provider: local is not in [cloud, dbc, pack]");
        JsonNode summary = answer.path("summary");
        assertThat(summary.path("matched").asInt()).isEqualTo(2);
        assertThat(summary.path("rejected_by_rule").path("provider").asInt()).isEqualTo(1);
        assertThat(summary.path("rejected").asInt() + summary.path("matched").asInt())
                .isEqualTo(summary.path("offers").asInt());
        assertThat(answer.path("providers").toString()).contains("\"provider\":\"cloud\"", "\"provider\":\"dbc\"",
                "\"provider\":\"pack\"", "\"provider\":\"local\"");
        assertThat(answer.path("score").path("formula").asString()).contains("R / (R + cost)");
    }

    @Test
    void packsCountAsFreeAndRunOutOfHours() {
        JsonNode answer = query(api, user.token(), Map.of("resources", Map.of("cpus", 8, "accelerator_count", "1+",
                "hours", 5, "memory", "32+"), "rejection_limit", 100));
        // the ten-hour pack: price 1 (× 0.6) + 1 available (0.75 × 0.25) + 1.0 (× 0.15) = 0.9375;
        // the machine's 1-GPU slice (8 of 32 cores, 32 of 128 GB): cost 2.2 × 5 = 11 → 0.9009 × 0.6
        // + 4 free (1 × 0.25) + 0.9 × 0.15 = 0.9255; the 2-GPU slice has 16 cores, not exactly 8
        assertThat(ids(answer.path("candidates"))).containsExactly("pack:" + longPack, "dbc:" + MACHINE + ":1");
        assertThat(answer.path("candidates").get(0).path("score").path("total").asDouble()).isEqualTo(0.9375);
        assertThat(answer.path("candidates").get(0).path("cost").path("total").asDouble()).isZero();
        assertThat(answer.path("candidates").get(1).path("score").path("total").asDouble()).isEqualTo(0.9255);
        JsonNode slice = answer.path("candidates").get(1).path("offer");
        assertThat(slice.path("instance_type").asString()).isEqualTo("dbc.1xRTX4090");
        assertThat(slice.path("available").asInt()).isEqualTo(4);
        assertThat(find(answer.path("rejected"), "pack:" + shortPack).path("reasons").toString())
                .contains("hours: 1 h left, wants 5 h");
        assertThat(find(answer.path("rejected"), "dbc:" + MACHINE + ":2").path("reasons").toString())
                .contains("cpus: 16, wants 8");

        TestUser stranger = newUser();
        assertThat(query(api, stranger.token(), Map.of("resources", Map.of("provider", List.of("pack", "dbc"))))
                .toString()).doesNotContain("\"pack:" + longPack + "\"").doesNotContain(MACHINE);
    }

    @Test
    void alternativesInOrderAndAnyOf() {
        JsonNode ordered = query(api, user.token(), Map.of("ordered", List.of(
                Map.of("accelerator", "H100"),
                Map.of("accelerator", "V100:2", "provider", "cloud"),
                Map.of("accelerator", "T4"))));
        assertThat(ordered.path("mode").asString()).isEqualTo("ordered");
        assertThat(ordered.path("matched_alternative").asInt()).isEqualTo(1);
        // huabei2's price factor 0.95 makes its V100 pair 28.03 against huadong1's 29.50
        assertThat(ids(ordered.path("candidates"))).containsExactly(
                "cloud:ctyun:cn-huabei2-tj1A-public-ctcloud:p2v.8xlarge.8",
                "cloud:ctyun:cn-huadong1-jsnj2A-public-ctcloud:p2v.8xlarge.8");
        assertThat(ordered.path("candidates").get(0).path("alternative").asInt()).isEqualTo(1);
        assertThat(ordered.path("candidates").get(0).path("cost").path("price_per_hour").asDouble()).isEqualTo(28.025);
        assertThat(ordered.path("rejected").toString()).doesNotContain("\"alternative\":2");

        JsonNode anyOf = query(api, user.token(), Map.of("any_of", List.of(
                Map.of("accelerator", "T4", "interruptible", true, "max_price_per_hour", 3),
                Map.of("accelerator", "V100:2", "region", "cn-huabei2")), "limit", 5));
        // T4 at its interruptible price: 3.10 in huadong1, 2.79 in xinan1 (price factor 0.9)
        assertThat(ids(anyOf.path("candidates"))).containsExactly(
                "cloud:ctyun:cn-xinan1-gz1A-public-ctcloud:pi7.4xlarge.4",
                "cloud:ctyun:cn-huabei2-tj1A-public-ctcloud:p2v.8xlarge.8");
        assertThat(anyOf.path("candidates")).extracting(c -> c.path("alternative").asInt()).containsExactly(0, 1);
        assertThat(anyOf.path("candidates").get(0).path("cost").path("price_per_hour").asDouble()).isEqualTo(2.79);
        assertThat(find(anyOf.path("rejected"), "cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:pi7.4xlarge.4")
                .path("reasons").toString()).contains("max_price_per_hour: 3.10 CNY/h is above 3");
        JsonNode spot = query(api, user.token(), Map.of("resources", Map.of("accelerator", "V100", "cpus", 32,
                "interruptible", true)));
        assertThat(spot.path("candidates")).isEmpty();
        assertThat(spot.path("near_misses").get(0).path("reasons").toString())
                .contains("interruptible: no interruptible price");
    }

    @Test
    void nearMissesWhenNothingFits() {
        JsonNode answer = query(api, user.token(), Map.of("resources", Map.of("accelerator", "A100:8",
                "max_price_per_hour", 100, "provider", "cloud")));
        assertThat(answer.path("candidates")).isEmpty();
        assertThat(answer.path("zones")).isEmpty();
        JsonNode misses = answer.path("near_misses");
        // each breaks one rule: the single-A100 types the count (cheap, so first), the 8 × A100 types the ceiling
        assertThat(ids(misses)).containsExactly(
                "cloud:ctyun:cn-huadong1-jsnj2A-public-ctcloud:p8a.8xlarge.8",
                "cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:p8a.8xlarge.8",
                "cloud:ctyun:cn-huabei2-tj1A-public-ctcloud:p8a.32xlarge.8",
                "cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:p8a.32xlarge.8");
        assertThat(misses.get(0).path("reasons").toString()).isEqualTo("[\"accelerator_count: 1, wants 8\"]");
        assertThat(misses.get(2).path("reasons").toString())
                .isEqualTo("[\"max_price_per_hour: 302.10 CNY/h is above 100\"]");
        // without the provider set, the user's packs (A100, but one each) are as near: free, they come first
        JsonNode any = query(api, user.token(), Map.of("resources", Map.of("accelerator", "A100:8",
                "max_price_per_hour", 100)));
        assertThat(ids(any.path("near_misses"))).startsWith("pack:" + longPack, "pack:" + shortPack);
        assertThat(any.path("near_misses").get(0).path("reasons").toString())
                .contains("accelerator_count: 1, wants 8");
    }

    @Test
    void wrongRequestsNameTheFieldAndTheRule() {
        assertRefused(Map.of("resources", Map.of("cpus", "lots")), "data.resources.cpus", "form(N|N+)");
        assertRefused(Map.of("resources", Map.of("cpus", "4x")), "data.resources.cpus", "form(N|N+)");
        assertRefused(Map.of("resources", Map.of("memory", "-1")), "data.resources.memory", "form(N|N+|Nx)");
        assertRefused(Map.of("resources", Map.of("region", Map.of("among", List.of("x")))), "data.resources.region",
                "set(");
        assertRefused(Map.of("resources", Map.of("provider", "aws")), "data.resources.provider",
                "oneOf(cloud,dbc,pack,local,peer)");
        assertRefused(Map.of("resources", Map.of("gpus", 1)), "data.resources.gpus", "unknown(");
        assertRefused(Map.of("resources", Map.of(), "any_of", List.of(Map.of())), "data.any_of",
                "oneOf(resources,any_of,ordered)");
        assertRefused(Map.of("ordered", List.of()), "data.ordered", "size(1,16)");
        assertRefused(Map.of("any_of", List.of(Map.of("hours", 0))), "data.any_of[0].hours", "positive");
        assertRefused(Map.of("limit", 1000), "data.limit", "range(0,100)");

        Api.Response notJson = api.post("/api/v1/query_computing_resources", user.token(), "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("message").asString()).isEqualTo("request params[body] json.");
        Api.Response badData = api.post("/api/v1/query_computing_resources", user.token(),
                body(List.of("not", "an", "object")));
        assertThat(badData.json().path("message").asString()).isEqualTo("request params[data] type(object).");
        Api.Response noToken = api.post("/api/v1/query_computing_resources/", null, body(Map.of()));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().path("code").asInt()).isEqualTo(401);
        assertThat(noToken.text()).doesNotContain("Exception").contains("\"message\"");
        // with and without the trailing slash; no data at all asks for everything
        assertThat(CatalogFixtures.ok(api.post("/api/v1/query_computing_resources", user.token(),
                "{\"source\": \"ctyun\"}")).path("candidates")).isNotEmpty();
    }

    private void assertRefused(Map<String, Object> data, String field, String rule) {
        Api.Response refused = api.post("/api/v1/query_computing_resources/", user.token(), body(data));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("code").asInt()).isEqualTo(400);
        assertThat(refused.json().path("message").asString()).contains("params[" + field + "] " + rule);
        assertThat(refused.data().path("ruleViolated").path(field).get(0).asString()).startsWith(rule);
    }

    @Test
    void queriesAreRecordedWithTheirSourceAndSession() {
        String raw = "{\"source\": \"ctyun\",  \"session_identifier\": \"sess-rec-" + user.id()
                + "\", \"data\": {\"userID\": \"portal-7\", \"resources\": {\"cpus\": \"2+\"}}}";
        CatalogFixtures.ok(api.post("/api/v1/query_computing_resources", user.token(), raw));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from catalog_operation where session_identifier = ?").param("sess-rec-" + user.id())
                .query(Long.class).single() == 1);
        Map<String, Object> row = jdbc.sql("select * from catalog_operation where session_identifier = ?")
                .param("sess-rec-" + user.id()).query().singleRow();
        assertThat(row.get("body")).isEqualTo(raw);
        assertThat(row).containsEntry("source", "ctyun").containsEntry("portal_user_id", "portal-7")
                .containsEntry("kind", "query_computing_resources").containsEntry("user_id", user.id());
    }

    @Test
    void aProviderThatStopsAnsweringIsReportedNotFatal() {
        String machine = DbcFixtures.nodeId();
        StandinDbcClient gone = DbcFixtures.standin(machine);
        TestUser other = newUser();
        DbcFixtures.register(api, other, gone);
        CatalogFixtures.refresh(api);
        assertThat(ids(query(api, other.token(), Map.of("resources", Map.of("provider", "dbc")))
                .path("candidates"))).contains("dbc:" + machine + ":1");
        gone.close();
        TestClockConfiguration.CLOCK.advance(Duration.ofMinutes(10));
        CatalogFixtures.refresh(api);
        JsonNode answer = query(api, other.token(), Map.of("resources", Map.of("provider", "dbc")));
        assertThat(ids(answer.path("candidates"))).contains("dbc:" + machine + ":1");
        JsonNode dbc = null;
        for (JsonNode p : answer.path("providers")) {
            if (p.path("provider").asString().equals("dbc")) {
                dbc = p;
            }
        }
        assertThat(dbc.path("status").asString()).isEqualTo("stale");
        assertThat(dbc.path("message").asString()).contains("does not answer");
    }
}
