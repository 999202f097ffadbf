package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.dbc.DbcFixtures;
import io.hutong.pack.PackFixtures;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.TestClockConfiguration;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** The resource packs, components, DBC and FATE pages, as admin and as users. */
class ConsoleResourcesIT extends ConsoleBrowserIT {

    @RegisterExtension
    static final DbcFixtures.StandinPerClass STANDIN = new DbcFixtures.StandinPerClass();

    @Test
    void aUserSeesTheirPacksWithTimeLeftAndUsageRecordsAndAnAdminEveryonesPacks() {
        PackFixtures packs = new PackFixtures(api);
        TestUser owner = newUser();
        TestUser other = newUser();
        String mine = packs.timing(owner, "console-hour", 3_600).path("userPackId").asString();
        String usage = packs.startTraining(mine, "console-train").path("usageRecordId").asString();
        String others = packs.timing(other, "console-other", 600).path("userPackId").asString();
        TestClockConfiguration.CLOCK.advance(Duration.ofSeconds(630));

        loginAs(owner);
        open("/console/packs");
        WebElement pack = browser.find("article.pack[data-pack='" + mine + "']");
        assertThat(pack.getText()).contains("console-hour", "▶ training", "timing", "master-1: 1 × 8 CPU, 1 GPU");
        assertThat(pack.findElement(By.cssSelector(".remaining")).getText()).isEqualTo("49 min 30 s");
        assertThat(pack.findElement(By.cssSelector("tr[data-usage='" + usage + "']")).getText())
                .contains("console-train", "10 min 30 s", "▶ running");
        assertThat(browser.findAll("article.pack[data-pack='" + others + "']")).isEmpty();

        loginAsAdmin();
        open("/console/packs");
        assertThat(browser.find("article.pack[data-pack='" + others + "']").getText())
                .contains("console-other", "user " + other.id(), "10 min", "● free");
        assertThat(browser.find("article.pack[data-pack='" + mine + "']").getText()).contains("user " + owner.id());
    }

    @Test
    void theComponentsPageListsTheRegistryAsItsListApiPagesIt() {
        Federation.registerDemoComponents(api);
        JsonNode listed = api.get("/v1/platform/schedule/component/list?pageNum=1&pageSize=50", ADMIN_TOKEN).json()
                .path("data");
        assertThat(listed.path("list")).isNotEmpty();
        loginAs(newUser());
        open("/console/components");
        assertThat(browser.find("h1").getText()).contains(listed.path("total").asLong() + " component");
        for (JsonNode c : listed.path("list")) {
            JsonNode info = c.path("info");
            String key = info.path("componentName").asString() + ":" + info.path("version").asString();
            WebElement row = browser.find("tr[data-component='" + key + "']");
            assertThat(row.getText()).as(key).contains(info.path("provider").asString(), "✓ registered",
                    String.join(", ", info.path("roleList").valueStream().map(JsonNode::asString).toList()));
        }
    }

    @Test
    void aUserSeesTheirMachinesAndVmsAndAnAdminEveryVm() {
        TestUser owner = newUser();
        DbcFixtures.register(api, owner, STANDIN.client());
        String machine = STANDIN.machine();
        Api.Response created = api.post("/api/dbc/vms", owner.token(), DbcFixtures.vm(machine, 30022, 5930));
        assertThat(created.code()).as(created.text()).isEqualTo("General.Success");
        String vm = created.data().path("id").asString();

        loginAs(owner);
        open("/console/dbc");
        assertThat(browser.find("tr[data-machine='" + machine + "']").getText()).contains("rig", "of 4", "ubuntu.qcow2");
        assertThat(browser.find("tr[data-vm='" + vm + "']").getText()).contains("ubuntu.qcow2 (linux)",
                "1 GPU, 4 cores, 16 GB, 100 GB disk", "◷ creating", "train run 1");

        loginAs(newUser());
        open("/console/dbc");
        assertThat(browser.findAll("tr[data-vm='" + vm + "']")).isEmpty();
        assertThat(browser.findAll("tr[data-machine='" + machine + "']")).as("another user's client").isEmpty();

        loginAsAdmin();
        open("/console/dbc");
        assertThat(browser.find("tr[data-vm='" + vm + "']").getText()).contains("user " + owner.id(), "creating");
    }

    @Test
    void anAdminSeesFateKeysGrantsAndThePermissionLogAndAUserIsRefused() {
        Api.Response granted = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/admin/fate/grants/20031"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"components\": [\"homo_lr\"], \"datasets\": "
                                + "[{\"namespace\": \"experiment\", \"name\": \"*\"}]}")), ADMIN_TOKEN,
                Map.of("Content-Type", "application/json"));
        assertThat(granted.code()).as(granted.text()).isEqualTo("General.Success");
        Api.Response denied = api.post("/api/fate/permission", null, "{\"src_role\": null, \"src_party_id\": \"20032\", "
                + "\"role\": \"host\", \"party_id\": \"9999\", \"component_list\": [\"reader\"], \"dataset_list\": []}");
        assertThat(denied.json().path("code").asInt()).as(denied.text()).isEqualTo(2);

        loginAsAdmin();
        open("/console/fate");
        String fingerprint = api.get("/admin/fate/keys/" + FATE_PARTY_ID, ADMIN_TOKEN).data().path("fingerprint")
                .asString();
        WebElement key = browser.find("table.keys tr[data-party='" + FATE_PARTY_ID + "']");
        assertThat(key.findElement(By.cssSelector(".fingerprint")).getText()).isEqualTo(fingerprint);
        assertThat(key.getText()).contains("✓ yes");
        assertThat(browser.find("table.grants tr[data-party='20031']").getText()).contains("homo_lr", "experiment#*");
        WebElement decision = browser.find("table.permission-log tbody tr");
        assertThat(decision.getText()).contains("20032", "host · 9999", "reader", "✗ refused (2)",
                denied.json().path("msg").asString());

        loginAs(newUser());
        open("/console/fate");
        assertThat(browser.find(".error").getText()).contains("403", "this page is for the node's admins");
        assertThat(browser.find("nav").getText()).doesNotContain("FATE");
    }
}
