package io.hutong.console;

import static io.hutong.support.BfiaJobsFixture.awaitEnd;
import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.config;
import static io.hutong.support.BfiaJobsFixture.create;
import static io.hutong.support.BfiaJobsFixture.dag;
import static io.hutong.support.BfiaJobsFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.Browser;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The console of a three-node federation in a real browser: a job's live DAG, its logs, stopping it, approvals. */
class ConsoleJobIT {

    private static Federation federation;
    private static Browser browser;

    @BeforeAll
    static void start() {
        federation = new Federation();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        federation.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        browser.requests();
    }

    private static String base(String node) {
        return federation.api(node).base();
    }

    /** The tasks' states as the DAG shows them, read in one script: the live part may be swapped meanwhile. */
    private static List<String> taskStates() {
        return states("svg g.task");
    }

    @SuppressWarnings("unchecked")
    private static List<String> states(String css) {
        return (List<String>) browser.driver().executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute('data-status'));", css);
    }

    @Test
    void aThreePartyJobsDagTurnsGreenWithoutAReloadAndItsLogsRead() throws Exception {
        browser.login(base("node-a"), NodeIT.ADMIN_TOKEN);
        String jobId = create(federation.api("node-a"), dag(List.of(component("c1", "Sleep"), component("c2", "Noop", "c1"),
                component("c3", "Noop", "c1"), component("c4", "Noop", "c2", "c3"))),
                config("node-a", "callback", Map.of("common", Map.of("c1", Map.of("seconds", 3)))));
        browser.open(base("node-a") + "/console/jobs/" + jobId);
        browser.markPage();
        assertThat(taskStates()).hasSize(4).doesNotContain("FAILED").isNotEqualTo(List.of("SUCCESS", "SUCCESS",
                "SUCCESS", "SUCCESS"));
        assertThat(browser.findAll("svg path.edge")).hasSize(4);
        assertThat(browser.driver().executeScript("return document.querySelector('svg g.task[data-task=c1]').textContent"))
                .asString().contains("guest.0 at node-a", "host.0 at node-b",
                "arbiter.0 at node-c");
        assertThat(browser.find("main").getText()).contains("Why is it waiting?");

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(states("svg g.task[data-task=c1] text.unit")).contains("RUNNING"));
        browser.screenshot(Path.of("target/console-screenshots/console-job.png"));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(taskStates()).containsOnly("SUCCESS");
            assertThat(browser.find("#job-result").getText()).isEqualTo("✓ SUCCESS");
        });
        assertThat(states("svg text.unit")).hasSize(12).containsOnly("SUCCESS");
        assertThat(browser.pageStillMarked()).as("the page was not reloaded").isTrue();
        browser.screenshot(Path.of("target/console-screenshots/console-job-finished.png"));

        browser.open(base("node-a") + "/console/jobs/" + jobId);
        browser.clickAndLoad("a[aria-label='info log of c4']");
        assertThat(browser.find("#log").getText()).contains("Noop c4");
        WebElement download = browser.find("a[download]");
        assertThat(download.getAttribute("href")).contains("/logs/download?task=c4&level=info");
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                download.getAttribute("href"))).header("Cookie", "hutong_console="
                + browser.driver().manage().getCookieNamed("hutong_console").getValue()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(file.body()).contains("Noop c4");
        ConsoleBrowserIT.assertSameOrigin(browser, base("node-a"));
    }

    @Test
    void aTasksLogIsTailedLiveAndTheJobIsStoppedAfterAConfirmation() {
        browser.login(base("node-a"), NodeIT.ADMIN_TOKEN);
        String jobId = create(federation.api("node-a"), dag(List.of(component("first", "Sleep"),
                component("after", "Noop", "first"), component("long", "Sleep", "after"))),
                config("node-a", "callback", Map.of("common", Map.of("first", Map.of("seconds", 4),
                        "long", Map.of("seconds", 60)))));
        browser.open(base("node-a") + "/console/jobs/" + jobId + "/logs?task=after&level=info");
        browser.markPage();
        assertThat(browser.find("#log").getText()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.find("#log").getText()).contains("Noop after"));
        assertThat(browser.pageStillMarked()).as("the lines came without a reload").isTrue();

        browser.open(base("node-a") + "/console/jobs/" + jobId);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(browser.find("main").getText())
                .contains("long is running: still at ").contains("node-a (guest.0, RUNNING)"));
        browser.clickAndLoad("a[href$='/stop']");
        assertThat(browser.find("h1").getText()).isEqualTo("Stop the job?");
        assertThat(status(federation.api("node-a"), jobId).path("job_status").asString()).isEqualTo("RUNNING");
        browser.clickAndLoad("button.danger");
        assertThat(browser.find("main").getText()).contains("Stop requested");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.find("#job-result").getText()).isEqualTo("■ STOPPED"));
        assertThat(awaitEnd(federation.api("node-a"), jobId).path("result").asString()).isEqualTo("STOPPED");
        ConsoleBrowserIT.assertSameOrigin(browser, base("node-a"));
    }

    @Test
    void anAdminApprovesAJobWaitingForAPersonAndSeesARefusedDecisionsMessage() {
        // node-c does not trust node-b's jobs: they wait there for a person
        String approved = create(federation.api("node-b"), dag(List.of(component("only", "Noop"))),
                config("node-b", "callback", Map.of()));
        String refused = create(federation.api("node-b"), dag(List.of(component("only", "Noop"))),
                config("node-b", "callback", Map.of()));
        browser.login(base("node-c"), NodeIT.ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            browser.open(base("node-c") + "/console/approvals");
            assertThat(browser.findAll("article[data-job='" + approved + "']")).hasSize(1);
            assertThat(browser.findAll("article[data-job='" + refused + "']")).hasSize(1);
        });
        String card = browser.find("article[data-job='" + approved + "']").getText();
        assertThat(card).contains("Initiator\nnode-b", "arbiter.0", "only (Noop 1.0.0)", "Resource tokens\nnone came with the job");

        browser.find("#reason-" + approved).sendKeys("looked at it");
        browser.clickAndLoad("article[data-job='" + approved + "'] button[value=READY]");
        assertThat(browser.find("main").getText()).contains("Job " + approved + " approved.");
        assertThat(awaitEnd(federation.api("node-b"), approved).path("result").asString()).isEqualTo("SUCCESS");
        // a party knows its own units; the others' only their scheduler does
        browser.open(base("node-c") + "/console/jobs/" + approved);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                assertThat(states("svg g.task[data-task=only] text.unit")).containsExactlyInAnyOrder("UNKNOWN", "UNKNOWN",
                        "SUCCESS"));
        assertThat(browser.find("svg g.task[data-task=only]").getText()).contains("arbiter.0 at node-c: SUCCESS",
                "host.0 at node-b: known to the scheduler");
        browser.open(base("node-c") + "/console/approvals");

        // decided elsewhere meanwhile: the page's button is refused, with the API's words
        Api.Response rejected = federation.api("node-c").post("/v1/platform/schedule/job/audit", NodeIT.ADMIN_TOKEN,
                Map.of("job_id", refused, "status", "REJECTED", "reason", "not now"));
        assertThat(rejected.json().path("code").asInt()).as(rejected.text()).isZero();
        browser.clickAndLoad("article[data-job='" + refused + "'] button[value=READY]");
        assertThat(browser.find(".error").getText()).contains("409").contains(refused);
        assertThat(browser.find("main").getText()).doesNotContain("Exception").doesNotContain("at io.hutong");
        ConsoleBrowserIT.assertSameOrigin(browser, base("node-c"));
    }
}
