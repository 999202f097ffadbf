package io.hutong.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class PackApiIT extends NodeIT {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private PackFixtures packs;

    @BeforeEach
    void fixtures() {
        packs = new PackFixtures(api);
    }

    private static String date(Instant instant) {
        return DATE.format(instant);
    }

    private static Instant now() {
        return TestClockConfiguration.CLOCK.instant();
    }

    private static Map<String, Object> page(int pageNum, int pageSize) {
        return Map.of("pageNum", pageNum, "pageSize", pageSize);
    }

    @Test
    void theDocumentsOwnListExampleIsAccepted() {
        TestUser user = newUser();
        packs.timing(user, "a", 60);
        Api.Response response = api.post("/api/userPack/getUserPackList", user.token(), """
                {"order": [{"key": "packName", "sort": "asc"}], "isFreeStatus": false,
                 "userPackStatus": "userPackStatus.free", "packDurationType": "packDurationType.timing",
                 "pageNum": 1, "pageSize": 10}""");
        assertThat(response.code()).isEqualTo("General.Success");
        assertThat(response.json().path("msg").asString()).isEqualTo("接口调用成功");
        JsonNode row = response.data().path("userPackList").get(0);
        assertThat(row.path("userPackId").isString()).isTrue();
        assertThat(row.path("packName").asString()).isEqualTo("a");
        assertThat(row.path("userPackStatus").asString()).isEqualTo("status.free");
        assertThat(row.path("packDurationType").asString()).isEqualTo("type.timing");
        assertThat(row.path("duration").asLong()).isEqualTo(60);
        assertThat(row.path("buyDatetime").asString()).isEqualTo(date(now()));
        JsonNode node = row.path("nodeList").get(0);
        assertThat(node.path("nodeType").asString()).isEqualTo("nodeType.master");
        assertThat(node.path("cpuCount").asInt()).isEqualTo(8);
        assertThat(node.path("gpuCount").asInt()).isEqualTo(1);
        assertThat(node.path("memorySize").asLong()).isEqualTo(32);
        assertThat(node.path("nodeName").asString()).isEqualTo("master-1");
        assertThat(node.path("nodeId").isString()).isTrue();

        Api.Response usages = api.post("/api/pack/getTrainPackLogList", user.token(),
                "{\"order\": [{\"key\": \"\", \"sort\": \"\"}], \"pageNum\": 1, \"pageSize\": 10}");
        assertThat(usages.code()).isEqualTo("General.Success");
    }

    @Test
    void aPackWithSeveralNodesListsThemAllInTheirOrder() {
        TestUser user = newUser();
        List<Map<String, Object>> nodes = List.of(PackFixtures.node("m", "nodeType.master", 16, 2, 64),
                PackFixtures.node("w1", "nodeType.worker", 8, 1, 32), PackFixtures.node("w2", "packNodeType.worker", 4, 0, 16));
        String three = packs.create(user, "a-three", Map.of("packDurationType", "type.timing", "durationSeconds", 60,
                "nodeList", nodes)).path("userPackId").asString();
        packs.timing(user, "b-one", 60);
        packs.create(user, "c-two", Map.of("packDurationType", "type.timing", "durationSeconds", 60,
                "nodeList", nodes.subList(1, 3)));

        JsonNode rows = packs.list(user, Map.of("order", List.of(Map.of("key", "packName", "sort", "asc")),
                "pageNum", 1, "pageSize", 10)).data().path("userPackList");
        assertThat(rows).extracting(r -> r.path("packName").asString()).containsExactly("a-three", "b-one", "c-two");
        assertThat(rows.get(0).path("nodeList")).extracting(n -> n.path("nodeName").asString() + "/"
                + n.path("nodeType").asString() + "/" + n.path("cpuCount").asInt())
                .containsExactly("m/nodeType.master/16", "w1/nodeType.worker/8", "w2/nodeType.worker/4");
        assertThat(rows.get(1).path("nodeList")).extracting(n -> n.path("nodeName").asString()).containsExactly("master-1");
        assertThat(rows.get(2).path("nodeList")).extracting(n -> n.path("nodeName").asString()).containsExactly("w1", "w2");

        JsonNode page = packs.list(user, Map.of("order", List.of(Map.of("key", "packName", "sort", "desc")),
                "pageNum", 2, "pageSize", 2)).data();
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("userPackList")).singleElement().satisfies(r -> {
            assertThat(r.path("packName").asString()).isEqualTo("a-three");
            assertThat(r.path("nodeList")).hasSize(3);
        });

        assertThat(packs.detail(user, three).path("nodeList"))
                .extracting(n -> n.path("nodeName").asString()).containsExactly("m", "w1", "w2");
    }

    @Test
    void pagingEdges() {
        TestUser empty = newUser();
        JsonNode none = packs.list(empty, page(1, 10)).data();
        assertThat(none.path("total").asLong()).isZero();
        assertThat(none.path("pageTotal").asInt()).isZero();
        assertThat(none.path("userPackList")).isEmpty();

        TestUser user = newUser();
        for (int i = 0; i < 5; i++) {
            packs.timing(user, "p" + i, 10);
        }
        JsonNode first = packs.list(user, page(1, 2)).data();
        assertThat(first.path("userPackList")).hasSize(2);
        assertThat(first.path("pageCurrent").asInt()).isEqualTo(1);
        assertThat(first.path("pageSize").asInt()).isEqualTo(2);
        assertThat(first.path("pageTotal").asInt()).isEqualTo(3);
        assertThat(first.path("total").asLong()).isEqualTo(5);
        JsonNode last = packs.list(user, page(3, 2)).data();
        assertThat(last.path("userPackList")).hasSize(1);
        assertThat(last.path("pageCurrent").asInt()).isEqualTo(3);
        JsonNode past = packs.list(user, page(4, 2)).data();
        assertThat(past.path("userPackList")).isEmpty();
        assertThat(past.path("total").asLong()).isEqualTo(5);
        assertThat(past.path("pageTotal").asInt()).isEqualTo(3);
        assertThat(past.path("pageCurrent").asInt()).isEqualTo(4);

        List<String> seen = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            packs.list(user, Map.of("pageNum", p, "pageSize", 2, "order", List.of(Map.of("key", "packName"))))
                    .data().path("userPackList").forEach(row -> seen.add(row.path("packName").asString()));
        }
        assertThat(seen).containsExactly("p0", "p1", "p2", "p3", "p4");
    }

    /** A user whose packs differ in every orderable field. */
    private TestUser userWithVariedPacks() {
        TestUser user = newUser();
        packs.timing(user, "delta", 300);
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(5));
        JsonNode training = packs.timing(user, "alpha", 100);
        packs.startTraining(training.path("userPackId").asString(), "run");
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(5));
        packs.timing(user, "charlie", 0);
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(5));
        packs.activity(user, "bravo", null, date(now().plus(Duration.ofDays(2))));
        return user;
    }

    @ParameterizedTest
    @CsvSource({"userPackId,asc", "userPackId,desc", "packName,asc", "packName,desc", "userPackStatus,asc",
            "userPackStatus,desc", "packDurationType,asc", "packDurationType,desc", "duration,asc",
            "duration,desc", "buyDatetime,asc", "buyDatetime,desc"})
    void packListOrdersByEveryKeyBothWays(String key, String sort) {
        TestUser user = userWithVariedPacks();
        JsonNode rows = packs.list(user, Map.of("pageNum", 1, "pageSize", 10,
                "order", List.of(Map.of("key", key, "sort", sort)))).data().path("userPackList");
        assertThat(rows).hasSize(4);
        Function<JsonNode, Comparable> value = switch (key) {
            case "userPackId" -> row -> row.path("userPackId").asLong();
            case "duration" -> row -> row.path("duration").asLong();
            default -> row -> row.path(key).asString();
        };
        List<Comparable> values = new ArrayList<>();
        rows.forEach(row -> values.add(value.apply(row)));
        Comparator<Comparable> order = Comparator.naturalOrder();
        assertThat(values).isSortedAccordingTo(sort.equals("asc") ? order : order.reversed());
        assertThat(values.get(0)).isNotEqualTo(values.get(3));
    }

    @Test
    void severalOrderKeysApplyInTurn() {
        TestUser user = newUser();
        packs.timing(user, "b", 10);
        packs.timing(user, "a", 20);
        packs.activity(user, "c", null, date(now().plus(Duration.ofDays(1))));
        JsonNode rows = packs.list(user, Map.of("pageNum", 1, "pageSize", 10, "order", List.of(
                Map.of("key", "packDurationType", "sort", "desc"), Map.of("key", "packName", "sort", "asc"))))
                .data().path("userPackList");
        assertThat(rows).extracting(r -> r.path("packName").asString()).containsExactly("a", "b", "c");
    }

    @Test
    void filters() {
        TestUser user = userWithVariedPacks();
        packs.activity(user, "future", date(now().plus(Duration.ofDays(1))), date(now().plus(Duration.ofDays(3))));
        assertThat(names(user, Map.of("isFreeStatus", true))).containsExactly("bravo", "delta");
        assertThat(names(user, Map.of("isFreeStatus", false))).hasSize(5);
        assertThat(names(user, Map.of("userPackStatus", "status.training"))).containsExactly("alpha");
        assertThat(names(user, Map.of("userPackStatus", "userPackStatus.outOfTime"))).containsExactly("charlie");
        assertThat(names(user, Map.of("userPackStatus", "free"))).containsExactly("bravo", "delta", "future");
        assertThat(names(user, Map.of("packDurationType", "type.activity"))).containsExactly("bravo", "future");
        assertThat(names(user, Map.of("packDurationType", "packDurationType.timing")))
                .containsExactly("alpha", "charlie", "delta");
        assertThat(names(user, Map.of("packDurationType", "type.timing", "userPackStatus", "status.free")))
                .containsExactly("delta");
    }

    private List<String> names(TestUser user, Map<String, Object> filter) {
        Map<String, Object> request = new java.util.HashMap<>(filter);
        request.putAll(Map.of("pageNum", 1, "pageSize", 50, "order", List.of(Map.of("key", "packName"))));
        Api.Response response = packs.list(user, request);
        assertThat(response.code()).as(response.text()).isEqualTo("General.Success");
        List<String> names = new ArrayList<>();
        response.data().path("userPackList").forEach(row -> names.add(row.path("packName").asString()));
        return names;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/userPack/getUserPackList|{\"pageSize\": 10}|pageNum|notNull",
            "/api/userPack/getUserPackList|{\"pageNum\": 1}|pageSize|notNull",
            "/api/userPack/getUserPackList|{\"pageNum\": 0, \"pageSize\": 10}|pageNum|min(1)",
            "/api/userPack/getUserPackList|{\"pageNum\": -3, \"pageSize\": 10}|pageNum|min(1)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 0}|pageSize|min(1)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 5000}|pageSize|max(1000)",
            "/api/userPack/getUserPackList|{\"pageNum\": \"x\", \"pageSize\": 10}|pageNum|type(integer)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"isFreeStatus\": \"maybe\"}|isFreeStatus|type(boolean)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"order\": [{\"key\": \"price\"}]}|order[0].key|oneOf(userPackId,packName,userPackStatus,packDurationType,duration,buyDatetime,purchasingTime)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"order\": [{\"key\": \"packName\", \"sort\": \"up\"}]}|order[0].sort|oneOf(asc,desc)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"order\": {\"key\": \"packName\"}}|order|type(array)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"userPackStatus\": \"status.sleeping\"}|userPackStatus|oneOf(status.free,status.training,status.outOfTime)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": 10, \"packDurationType\": \"type.forever\"}|packDurationType|oneOf(type.timing,type.activity)",
            "/api/userPack/getUserPackList|{\"pageNum\": 1, \"pageSize\": |body|json",
            "/api/userPack/getUserPackList|[1, 2]|body|type(object)",
            "/api/userPack/getUserPackDetail|{}|userPackId|notNull",
            "/api/userPack/getUserPackDetail|{\"userPackId\": \"12a\"}|userPackId|type(integer)",
            "/api/pack/getTrainPackLogList|{\"pageNum\": 1}|pageSize|notNull",
            "/api/pack/getTrainPackLogList|{\"pageNum\": 1, \"pageSize\": 10, \"order\": [{\"key\": \"packName\"}]}|order[0].key|oneOf(usageRecordId,logId,packId,trainName,trainId,userName,duration,createTime,startTime,endTime,finishTime)",
            "/api/pack/getTrainPackLogDetail|{}|logId|notNull",
            "/api/pack/getTrainPackLogDetail|{\"logId\": true}|logId|type(integer)"})
    void badInputIsParameterInvalidNamingFieldAndRule(String path, String body, String field, String rule) {
        TestUser user = newUser();
        Api.Response response = api.post(path, user.token(), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).as(response.text()).isEqualTo("General.ParameterInvalid");
        assertThat(response.data().path("ruleViolated").path(field).get(0).asString()).as(response.text())
                .isEqualTo(rule);
        assertThat(response.json().path("msg").asString()).isEqualTo("request params[" + field + "] " + rule + ".");
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void idsAreAcceptedAsNumbersOrNumericStrings() {
        TestUser user = newUser();
        String id = packs.timing(user, "n", 5).path("userPackId").asString();
        assertThat(api.post("/api/userPack/getUserPackDetail", user.token(), "{\"userPackId\": " + id + "}").code())
                .isEqualTo("General.Success");
        assertThat(api.post("/api/userPack/getUserPackDetail", user.token(), "{\"userPackId\": \"" + id + "\"}")
                .code()).isEqualTo("General.Success");
    }

    @Test
    void unknownRecordsAreNotFound() {
        TestUser user = newUser();
        Api.Response pack = api.post("/api/userPack/getUserPackDetail", user.token(), Map.of("userPackId", 987654321));
        assertThat(pack.status()).isEqualTo(404);
        assertThat(pack.code()).isEqualTo("General.NotFound");
        Api.Response log = api.post("/api/pack/getTrainPackLogDetail", user.token(), Map.of("logId", 987654321));
        assertThat(log.code()).isEqualTo("General.NotFound");
    }

    @Test
    void aUserNeverSeesAnotherUsersPacksOrRecords() {
        TestUser owner = newUser();
        TestUser other = newUser();
        String packId = packs.timing(owner, "mine", 100).path("userPackId").asString();
        String usageId = packs.startTraining(packId, "secret").path("usageRecordId").asString();

        assertThat(packs.list(other, page(1, 10)).data().path("total").asLong()).isZero();
        assertThat(api.post("/api/userPack/getUserPackDetail", other.token(), Map.of("userPackId", packId)).code())
                .isEqualTo("General.NotFound");
        assertThat(api.post("/api/pack/getTrainPackLogList", other.token(), page(1, 10)).data().path("total").asLong())
                .isZero();
        assertThat(api.post("/api/pack/getTrainPackLogDetail", other.token(), Map.of("logId", usageId)).code())
                .isEqualTo("General.NotFound");
        assertThat(api.post("/api/pack/getTrainPackLogDetail", owner.token(), Map.of("logId", usageId)).code())
                .isEqualTo("General.Success");
    }

    @Test
    void trainingTimeRunsDownOnlyWhileTrainingAndRecordsAreExact() {
        TestUser user = newUser();
        JsonNode pack = packs.timing(user, "gpu", 3600);
        String packId = pack.path("userPackId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofMinutes(10));
        assertThat(packs.detail(user, packId).path("duration").asLong()).isEqualTo(3600);

        Instant started = now();
        JsonNode usage = packs.startTraining(packId, "resnet");
        String usageId = usage.path("usageRecordId").asString();
        assertThat(usage.path("logId").asString()).isEqualTo(usageId);
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(1815));
        JsonNode during = packs.detail(user, packId);
        assertThat(during.path("userPackStatus").asString()).isEqualTo("status.training");
        assertThat(during.path("duration").asLong()).isEqualTo(3600 - 1815);

        JsonNode finished = packs.finishTraining(packId, usageId);
        assertThat(finished.path("duration").asLong()).isEqualTo(1815);
        assertThat(finished.path("durationText").asString()).isEqualTo("30分15秒");
        TestClockConfiguration.CLOCK.advance(Duration.ofHours(5));
        JsonNode after = packs.detail(user, packId);
        assertThat(after.path("userPackStatus").asString()).isEqualTo("status.free");
        assertThat(after.path("duration").asLong()).isEqualTo(3600 - 1815);

        JsonNode row = api.post("/api/pack/getTrainPackLogList", user.token(), page(1, 10)).data().path("list").get(0);
        assertThat(row.path("usageRecordId").asString()).isEqualTo(usageId);
        assertThat(row.path("packId").asString()).isEqualTo(packId);
        assertThat(row.path("trainName").asString()).isEqualTo("resnet");
        assertThat(row.path("trainId").asString()).isEqualTo("t-resnet");
        assertThat(row.path("userName").asString()).isEqualTo(user.displayName());
        assertThat(row.path("createTime").asString()).isEqualTo(date(started));
        assertThat(row.path("endTime").asString()).isEqualTo(date(started.plusSeconds(1815)));
        assertThat(row.path("finishTime").asString()).isEqualTo(row.path("endTime").asString());

        JsonNode detail = api.post("/api/pack/getTrainPackLogDetail", user.token(), Map.of("logId", usageId)).data();
        assertThat(detail.path("trainName").asString()).isEqualTo("resnet");
        assertThat(detail.path("duration").asLong()).isEqualTo(1815);
        assertThat(detail.path("userId").asString()).isEqualTo(Long.toString(user.id()));
        assertThat(detail.path("startTime").asString()).isEqualTo(date(started));
        assertThat(detail.path("pack").path("packId").asString()).isEqualTo(packId);
        assertThat(detail.path("pack").path("residueDuration").asLong()).isEqualTo(3600 - 1815);
        assertThat(detail.path("pack").path("nodeList").get(0).path("nodeCount").asInt()).isEqualTo(1);
    }

    @Test
    void aPackRunsOneTrainingAtATime() throws Exception {
        TestUser user = newUser();
        String packId = packs.timing(user, "one", 100).path("userPackId").asString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Api.Response>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                attempts.add(pool.submit(() -> api.post("/admin/packs/" + packId + "/trainings", ADMIN_TOKEN,
                        Map.of("trainName", "race-" + n))));
            }
            List<String> codes = new ArrayList<>();
            for (var attempt : attempts) {
                codes.add(attempt.get().code());
            }
            assertThat(codes).filteredOn("General.Success"::equals).hasSize(1);
            assertThat(codes).filteredOn("General.Failure"::equals).hasSize(7);
        } finally {
            pool.shutdown();
        }
        assertThat(api.post("/api/pack/getTrainPackLogList", user.token(), page(1, 10)).data().path("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void usageListOrdersByEveryKeyBothWays() {
        TestUser user = newUser();
        String a = packs.timing(user, "a", 10_000).path("userPackId").asString();
        String b = packs.timing(user, "b", 10_000).path("userPackId").asString();
        int[] seconds = {30, 10, 20};
        String[] packIds = {a, b, a};
        String[] names = {"zeta", "alpha", "mu"};
        for (int i = 0; i < 3; i++) {
            String usage = packs.startTraining(packIds[i], names[i]).path("usageRecordId").asString();
            TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(seconds[i]));
            packs.finishTraining(packIds[i], usage);
            TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(1));
        }
        for (String key : List.of("usageRecordId", "logId", "packId", "trainName", "trainId", "userName", "duration",
                "createTime", "endTime", "finishTime")) {
            for (String sort : List.of("asc", "desc")) {
                JsonNode rows = api.post("/api/pack/getTrainPackLogList", user.token(), Map.of("pageNum", 1,
                        "pageSize", 10, "order", List.of(Map.of("key", key, "sort", sort)))).data().path("list");
                List<Comparable> values = new ArrayList<>();
                rows.forEach(row -> values.add(switch (key) {
                    case "usageRecordId", "logId", "packId", "duration" -> row.path(key).asLong();
                    default -> row.path(key).asString();
                }));
                Comparator<Comparable> order = Comparator.naturalOrder();
                assertThat(values).as(key + " " + sort).hasSize(3)
                        .isSortedAccordingTo(sort.equals("asc") ? order : order.reversed());
            }
        }
    }
}
