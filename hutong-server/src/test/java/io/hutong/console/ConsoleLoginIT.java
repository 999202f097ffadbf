package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;

import static io.hutong.support.BfiaJobsFixture.component;

import io.hutong.support.Api;
import io.hutong.support.Federation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/** Login with an API token, the session cookie, CSRF and logout. */
class ConsoleLoginIT extends ConsoleBrowserIT {

    @Test
    void aWrongTokenIsRefusedWithTheApisMessage() {
        browser.login(base(), "not-a-token");
        assertThat(browser.find(".error").getText()).contains("账户Token无效");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void anAdminLogsInToTheJobsAndOutAgain() {
        open("/console/jobs?status=RUNNING");
        assertThat(browser.driver().getCurrentUrl()).contains("/console/login?next=");
        browser.find("#token").sendKeys(ADMIN_TOKEN);
        browser.clickAndLoad("form button[type=submit]");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/jobs?status=RUNNING");
        assertThat(browser.find("h1").getText()).startsWith("Jobs");
        assertThat(browser.find("nav").getText()).contains("Jobs", "Approvals", "Peers", "Components", "Datasets",
                "Packs", "DBC", "FATE", "Catalog");
        assertThat(browser.driver().executeScript("return typeof htmx + ' ' + typeof htmx.createEventSource"))
                .as("htmx and its sse extension, served by the node").isEqualTo("object function");
        Cookie session = browser.driver().manage().getCookieNamed("hutong_console");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        browser.clickAndLoad("form.who button");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login");
        open("/console/jobs");
        assertThat(browser.driver().getCurrentUrl()).contains("/console/login");
    }

    @Test
    void aUserSeesTheirOwnJobsOnlyAndNoAdminPages() {
        Federation.registerDemoComponents(api);
        TestUser owner = newUser();
        String mine = createJob(owner);
        String othersJob = createJob(newUser());
        loginAs(owner);
        assertThat(browser.find("nav").getText()).contains("Jobs", "Catalog").doesNotContain("Approvals");
        assertThat(browser.find("h1").getText()).contains("1 job");
        assertThat(browser.find("table.list tbody").getText()).contains(mine, "f-console", "node-it")
                .doesNotContain(othersJob);
        open("/console/jobs/" + othersJob);
        assertThat(browser.find(".error").getText()).contains("403").contains("is not one of yours");
        open("/console/approvals");
        assertThat(browser.find(".error").getText()).contains("403").contains("for the node's admins");
        open("/console/jobs/" + mine);
        assertThat(browser.find("h1").getText()).contains(mine);

        loginAsAdmin();
        assertThat(browser.find("table.list tbody").getText()).contains(mine, othersJob);
        browser.find("#status").sendKeys("REJECTED");
        browser.clickAndLoad("form.filters button");
        assertThat(browser.driver().getCurrentUrl()).endsWith("status=REJECTED");
        assertThat(browser.mainText()).doesNotContain(mine);
    }

    private String createJob(TestUser user) {
        Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-it"),
                "role", Map.of("guest", List.of("node-it")), "job_params", Map.of("common", Map.of()));
        Api.Response created = api.post("/v1/platform/schedule/job/create_all", user.token(), Map.of("flow_id",
                "f-console", "dag", Map.of("version", "2.0.0", "components", List.of(component("only", "Noop"))),
                "config", config));
        assertThat(created.json().path("code").asInt()).as(created.text()).isZero();
        return created.data().path("job_id").asString();
    }

    @Test
    void aStateChangingRequestWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        loginAsAdmin();
        String cookie = browser.driver().manage().getCookieNamed("hutong_console").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/console/logout")).header("Cookie", "hutong_console=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=guessed")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF token is missing or wrong").doesNotContain("Exception");
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> foreignLogin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/console/login")).header("Origin", "http://elsewhere.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + ADMIN_TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreignLogin.statusCode()).isEqualTo(403);
        assertThat(foreignLogin.body()).contains("a login from another site");
        assertThat(foreignLogin.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
