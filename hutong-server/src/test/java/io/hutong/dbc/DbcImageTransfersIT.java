package io.hutong.dbc;

import static io.hutong.dbc.DbcFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.standin.StandinDbcClient;
import io.hutong.standin.StandinMachine;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Image downloads and uploads started through Hutong's API are recorded and followed to their end. */
class DbcImageTransfersIT extends NodeIT {

    private static final String DONE_NODE = DbcFixtures.nodeId();
    private static final String STOPPED_NODE = DbcFixtures.nodeId();
    private static final String LOST_NODE = DbcFixtures.nodeId();
    /** An image on the stand-in's image server. */
    private static final String IMAGE = "ubuntu-22.04.qcow2";
    /** hutong.dbc.poll.initial and max. */
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);
    private static final Duration MAX_POLL = Duration.ofSeconds(60);
    private static StandinDbcClient standin;

    @BeforeAll
    static void start() {
        standin = DbcFixtures.standin(DONE_NODE, STOPPED_NODE, LOST_NODE);
    }

    @AfterAll
    static void stop() {
        standin.close();
    }

    private JsonNode transfer(TestUser user, String id) {
        for (JsonNode t : ok(api.get("/api/dbc/images/transfers", user.token()))) {
            if (t.path("id").asString().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("transfer " + id + " not listed for user " + user.id());
    }

    private String image(TestUser user, String node, String operation, String filename) {
        ok(api.post("/api/dbc/machines/" + node + "/images", user.token(),
                Map.of("operation", operation, "imageFilename", filename)));
        return ok(api.get("/api/dbc/images/transfers", user.token())).get(0).path("id").asString();
    }

    @Test
    void aDownloadIsFollowedUntilDoneAndOnlyItsOwnerSeesIt() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        String id = image(user, DONE_NODE, "download", IMAGE);
        JsonNode started = transfer(user, id);
        assertThat(started.path("direction").asString()).isEqualTo("download");
        assertThat(started.path("imageFilename").asString()).isEqualTo(IMAGE);
        assertThat(started.path("status").asString()).isEqualTo("transferring");
        assertThat(started.has("nextPollAt")).isTrue();

        TestClockConfiguration.CLOCK.advance(FIRST_POLL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(transfer(user, id).path("progress").asInt()).isPositive().isLessThan(100));
        assertThat(transfer(user, id).path("status").asString()).isEqualTo("transferring");

        TestClockConfiguration.CLOCK.advance(DbcFixtures.TRANSFER_DURATION);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(transfer(user, id).path("status").asString()).isEqualTo("done"));
        JsonNode done = transfer(user, id);
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.has("nextPollAt")).isFalse();
        assertThat(done.path("history")).extracting(h -> h.path("status").asString())
                .containsExactly("transferring", "done");
        assertThat(done.path("history").get(1).path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("history").get(1).path("at").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

        TestUser stranger = newUser();
        DbcFixtures.register(api, stranger, standin);
        assertThat(ok(api.get("/api/dbc/images/transfers", stranger.token()))).isEmpty();
    }

    @Test
    void aStoppedUploadEndsStopped() {
        TestUser user = newUser();
        DbcFixtures.register(api, user, standin);
        String id = image(user, STOPPED_NODE, "upload", "ubuntu.qcow2");
        assertThat(transfer(user, id).path("direction").asString()).isEqualTo("upload");
        ok(api.post("/api/dbc/machines/" + STOPPED_NODE + "/images", user.token(),
                Map.of("operation", "upload_stop", "imageFilename", "ubuntu.qcow2")));
        JsonNode stopped = transfer(user, id);
        assertThat(stopped.path("status").asString()).isEqualTo("stopped");
        assertThat(stopped.has("nextPollAt")).isFalse();

        // no longer followed: the client's own answer stays "stopped" and nothing more is recorded
        TestClockConfiguration.CLOCK.advance(DbcFixtures.TRANSFER_DURATION);
        JsonNode progress = ok(api.post("/api/dbc/machines/" + STOPPED_NODE + "/images", user.token(),
                Map.of("operation", "uploadprogress", "imageFilename", "ubuntu.qcow2")));
        assertThat(progress.path("status").asString()).isEqualTo("stopped");
        assertThat(transfer(user, id).path("history")).extracting(h -> h.path("status").asString())
                .containsExactly("transferring", "stopped");
    }

    @Test
    void anUnreachableClientIsRetriedAndOneThatLostTheTransferFailsIt() {
        StandinDbcClient own = DbcFixtures.standin(LOST_NODE);
        int port = own.port();
        TestUser user = newUser();
        DbcFixtures.register(api, user, own);
        String id = image(user, LOST_NODE, "download", IMAGE);
        own.close();

        TestClockConfiguration.CLOCK.advance(FIRST_POLL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(transfer(user, id).path("lastError").asString()).contains("cannot be reached"));
        assertThat(transfer(user, id).path("status").asString()).isEqualTo("transferring");

        // the client comes back without the transfer (e.g. it was reinstalled): refused until given up
        try (StandinDbcClient fresh = StandinDbcClient.builder().clock(TestClockConfiguration.CLOCK).port(port)
                .machine(StandinMachine.builder(LOST_NODE).image("ubuntu.qcow2").renter(DbcFixtures.WALLET).build())
                .start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestClockConfiguration.CLOCK.advance(MAX_POLL);
                assertThat(transfer(user, id).path("status").asString()).isEqualTo("failed");
            });
            JsonNode failed = transfer(user, id);
            assertThat(failed.path("lastError").asString()).contains("no download of " + IMAGE);
            assertThat(failed.has("nextPollAt")).isFalse();
            assertThat(failed.path("history")).extracting(h -> h.path("status").asString())
                    .containsExactly("transferring", "failed");
            // ImageTransfers.MAX_FAILURES refusals in a row, then no more polls
            assertThat(fresh.received()).filteredOn(r -> r.path().endsWith("/images/downloadprogress"))
                    .hasSize(3);
        }
    }
}
