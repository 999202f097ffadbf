package io.hutong.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.NodeIT.TestUser;
import io.hutong.support.Nodes;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Time accounting lives in the database: a restarted node continues exactly where it was. */
class PackRestartIT {

    @Test
    void aTrainingKeepsRunningDownAcrossARestart() {
        String dataDir = "target/it-data/restart-" + UUID.randomUUID();
        ConfigurableApplicationContext node = Nodes.start("node-restart", dataDir);
        Api api = new Api(Nodes.port(node));
        String packId;
        String usageId;
        TestUser user;
        try {
            var created = api.post("/admin/users", NodeIT.ADMIN_TOKEN, Map.of("name", "restart-user"));
            long userId = created.data().path("id").asLong();
            String token = api.post("/admin/users/" + userId + "/tokens", NodeIT.ADMIN_TOKEN, "{}")
                    .data().path("token").asString();
            user = new TestUser(userId, "restart-user", "restart-user", token);
            PackFixtures packs = new PackFixtures(api);
            packId = packs.timing(user, "durable", 1000).path("userPackId").asString();
            usageId = packs.startTraining(packId, "survivor").path("usageRecordId").asString();
            TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(100));
        } finally {
            node.close();
        }

        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(200));
        ConfigurableApplicationContext restarted = Nodes.start("node-restart", dataDir);
        try {
            Api again = new Api(Nodes.port(restarted));
            PackFixtures packs = new PackFixtures(again);
            var detail = packs.detail(user, packId);
            assertThat(detail.path("userPackStatus").asString()).isEqualTo("status.training");
            assertThat(detail.path("duration").asLong()).isEqualTo(700);
            var finished = packs.finishTraining(packId, usageId);
            assertThat(finished.path("duration").asLong()).isEqualTo(300);
            assertThat(packs.detail(user, packId).path("duration").asLong()).isEqualTo(700);
        } finally {
            restarted.close();
        }
    }
}
