package io.hutong.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.RecordedEvents;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Packs run out by themselves: no request needed, the record closed at the true moment. */
class PackExpiryIT extends NodeIT {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    @Autowired
    private RecordedEvents events;

    private PackFixtures packs;

    @BeforeEach
    void fixtures() {
        packs = new PackFixtures(api);
    }

    private JsonNode onlyUsage(TestUser user) {
        Api.Response list = api.post("/api/pack/getTrainPackLogList", user.token(), Map.of("pageNum", 1, "pageSize", 10));
        assertThat(list.data().path("total").asLong()).isEqualTo(1);
        return list.data().path("list").get(0);
    }

    @Test
    void aTimingPackRunsOutWhileTrainingAndItsRecordClosesAtTheTrueMoment() {
        TestUser user = newUser();
        String packId = packs.timing(user, "short", 60).path("userPackId").asString();
        Instant started = TestClockConfiguration.CLOCK.instant();
        String usageId = packs.startTraining(packId, "job").path("usageRecordId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(59));
        assertThat(packs.detail(user, packId).path("duration").asLong()).isEqualTo(1);

        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> !onlyUsage(user).path("endTime").isNull());
        JsonNode usage = onlyUsage(user);
        assertThat(usage.path("duration").asLong()).isEqualTo(60);
        assertThat(usage.path("endTime").asString()).isEqualTo(DATE.format(started.plusSeconds(60)));
        JsonNode pack = packs.detail(user, packId);
        assertThat(pack.path("userPackStatus").asString()).isEqualTo("status.outOfTime");
        assertThat(pack.path("duration").asLong()).isZero();
        assertThat(events.ofType(PackOutOfTime.class)).anySatisfy(event -> {
            assertThat(event.packId()).isEqualTo(Long.parseLong(packId));
            assertThat(event.usageRecordId()).isEqualTo(Long.parseLong(usageId));
            assertThat(event.at()).isEqualTo(started.plusSeconds(60));
        });

        Api.Response again = api.post("/admin/packs/" + packId + "/trainings", ADMIN_TOKEN, Map.of("trainName", "x"));
        assertThat(again.code()).isEqualTo("General.Failure");
        assertThat(again.json().path("msg").asString()).contains("out of time");
    }

    @Test
    void anActivityPackRunsOutWhenItsPeriodEnds() {
        TestUser user = newUser();
        Instant end = TestClockConfiguration.CLOCK.instant().plus(Duration.ofHours(2)).plusMillis(500)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String packId = packs.activity(user, "promo", null, DATE.format(end)).path("userPackId").asString();
        assertThat(packs.detail(user, packId).path("packDurationType").asString()).isEqualTo("type.activity");
        packs.startTraining(packId, "long-run");
        TestClockConfiguration.CLOCK.advance(Duration.ofHours(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> !onlyUsage(user).path("endTime").isNull());
        assertThat(onlyUsage(user).path("endTime").asString()).isEqualTo(DATE.format(end));
        assertThat(packs.detail(user, packId).path("userPackStatus").asString()).isEqualTo("status.outOfTime");
        assertThat(events.ofType(PackOutOfTime.class)).anyMatch(e -> e.packId() == Long.parseLong(packId));
    }

    @Test
    void anIdleTimingPackNeverRunsOut() {
        TestUser user = newUser();
        String packId = packs.timing(user, "idle", 10).path("userPackId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofDays(30));
        assertThat(packs.detail(user, packId).path("userPackStatus").asString()).isEqualTo("status.free");
        assertThat(packs.detail(user, packId).path("duration").asLong()).isEqualTo(10);
    }

    @Test
    void finishingExactlyWhenTimeIsUsedUpLeavesThePackOutOfTime() {
        TestUser user = newUser();
        String packId = packs.timing(user, "exact", 30).path("userPackId").asString();
        String usage = packs.startTraining(packId, "t").path("usageRecordId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(20));
        packs.finishTraining(packId, usage);
        String second = packs.startTraining(packId, "t2").path("usageRecordId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(10));
        JsonNode closed = packs.finishTraining(packId, second);
        assertThat(closed.path("duration").asLong()).isEqualTo(10);
        assertThat(packs.detail(user, packId).path("userPackStatus").asString()).isEqualTo("status.outOfTime");
    }
}
