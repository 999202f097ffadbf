package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * One node on its own embedded PostgreSQL and a random port, shared by every test class that
 * extends this one (Spring caches the context). Tests create their own users, so they never see
 * each other's records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hutong.node.id=node-it",
        "hutong.data-dir=target/it-data/node-it-${random.uuid}",
        "hutong.bootstrap.admin-token=" + NodeIT.ADMIN_TOKEN,
        "hutong.pack.expiry-sweep=200ms",
        "hutong.storage.max-upload-size=" + NodeIT.MAX_UPLOAD_BYTES,
        "hutong.fate.party-id=" + NodeIT.FATE_PARTY_ID})
@Import({TestClockConfiguration.class, RecordedEvents.class})
public abstract class NodeIT {

    public static final String ADMIN_TOKEN = "it-admin-token";
    /** The largest dataset body the shared node takes, small enough for a test to exceed. */
    public static final long MAX_UPLOAD_BYTES = 1 << 20;
    /** The FATE party the shared node serves (its key pair is created at start). */
    public static final String FATE_PARTY_ID = "9999";

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A new user with a token; returns {id, token}. */
    protected TestUser newUser() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response user = api.post("/admin/users", ADMIN_TOKEN, Map.of("name", name, "displayName", "用户" + name));
        assertThat(user.code()).as(user.text()).isEqualTo("General.Success");
        long id = user.data().path("id").asLong();
        Api.Response token = api.post("/admin/users/" + id + "/tokens", ADMIN_TOKEN, Map.of("label", "test"));
        assertThat(token.code()).as(token.text()).isEqualTo("General.Success");
        return new TestUser(id, name, "用户" + name, token.data().path("token").asString());
    }

    public record TestUser(long id, String name, String displayName, String token) {
    }
}
