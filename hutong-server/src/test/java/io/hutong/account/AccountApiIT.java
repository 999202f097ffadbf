package io.hutong.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountApiIT extends NodeIT {

    private static final String LIST = "/api/userPack/getUserPackList";
    private static final Map<String, Object> PAGE = Map.of("pageNum", 1, "pageSize", 10);

    @Test
    void missingTokenIsUnauthorized() {
        Api.Response response = api.post(LIST, null, PAGE);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("General.Unauthorized");
    }

    @Test
    void unknownTokenIsInvalid() {
        Api.Response response = api.post(LIST, "ht_not-a-token", PAGE);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("General.TokenInvalid");
        assertThat(response.json().path("msg").asString()).startsWith("账户Token无效");
    }

    @Test
    void revokedTokenIsInvalidAtOnce() {
        TestUser user = newUser();
        assertThat(api.post(LIST, user.token(), PAGE).code()).isEqualTo("General.Success");
        var tokens = api.get("/admin/users/" + user.id() + "/tokens", ADMIN_TOKEN).data();
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).path("token").isMissingNode()).as("a listed token never shows its value").isTrue();
        assertThat(tokens.get(0).path("hint").asString()).isEqualTo(user.token().substring(0, 7) + "…");
        assertThat(api.delete("/admin/tokens/" + tokens.get(0).path("id").asString(), ADMIN_TOKEN).code())
                .isEqualTo("General.Success");
        assertThat(api.post(LIST, user.token(), PAGE).code()).isEqualTo("General.TokenInvalid");
    }

    @Test
    void expiredTokenIsExpired() {
        TestUser user = newUser();
        String expires = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"))
                .format(TestClockConfiguration.CLOCK.instant().plus(Duration.ofHours(1)));
        String token = api.post("/admin/users/" + user.id() + "/tokens", ADMIN_TOKEN,
                Map.of("label", "short", "expiresAt", expires)).data().path("token").asString();
        assertThat(api.post(LIST, token, PAGE).code()).isEqualTo("General.Success");
        TestClockConfiguration.CLOCK.advance(Duration.ofHours(2));
        Api.Response response = api.post(LIST, token, PAGE);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("General.TokenExpired");
    }

    @Test
    void aUserTokenIsRefusedOnTheAdminApi() {
        TestUser user = newUser();
        Api.Response response = api.get("/admin/users", user.token());
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("General.Unauthorized");
        assertThat(api.get("/admin/users", null).code()).isEqualTo("General.Unauthorized");
        assertThat(api.get("/admin/users", "wrong").code()).isEqualTo("General.TokenInvalid");
    }

    @Test
    void theAdminTokenActsAsTheAdminUserOnUserApis() {
        var users = api.get("/admin/users", ADMIN_TOKEN).data();
        String adminId = users.get(0).path("id").asString();
        assertThat(users.get(0).path("admin").asBoolean()).isTrue();
        Api.Response created = api.post("/admin/packs", ADMIN_TOKEN, Map.of("userId", adminId, "packName",
                "admins-own", "packDurationType", "type.timing", "durationSeconds", 10, "nodeList",
                java.util.List.of(Map.of("nodeName", "n", "nodeType", "nodeType.worker", "cpuCount", 1, "gpuCount",
                        0, "memorySize", 1))));
        assertThat(created.code()).as(created.text()).isEqualTo("General.Success");
        Api.Response detail = api.post("/api/userPack/getUserPackDetail", ADMIN_TOKEN,
                Map.of("userPackId", created.data().path("userPackId").asString()));
        assertThat(detail.code()).isEqualTo("General.Success");
        assertThat(detail.data().path("nodeList").get(0).path("nodeType").asString()).isEqualTo("nodeType.worker");
    }

    @Test
    void userNamesAreUniqueAndValidated() {
        TestUser user = newUser();
        Api.Response duplicate = api.post("/admin/users", ADMIN_TOKEN, Map.of("name", user.name()));
        assertThat(duplicate.code()).isEqualTo("General.ParameterInvalid");
        assertThat(duplicate.data().path("ruleViolated").path("name").get(0).asString()).isEqualTo("unique");
        Api.Response blank = api.post("/admin/users", ADMIN_TOKEN, Map.of("name", " "));
        assertThat(blank.data().path("ruleViolated").path("name")).extracting(n -> n.asString()).contains("notBlank");
    }
}
