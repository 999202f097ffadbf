package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.pack.PackFixtures;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** The catalog page on the shipped example catalog: a query, its explanation, and a task from a template. */
class ConsoleCatalogIT extends ConsoleBrowserIT {

    /** Where the README's screenshot of the catalog page is kept (tests run in hutong-server/). */
    private static final Path SCREENSHOT = Path.of("../docs/images/console-catalog.png");

    private void fill(String field, String value) {
        WebElement input = browser.find("form.requirement [name=" + field + "]");
        input.clear();
        input.sendKeys(value);
    }

    private JsonNode apiQuery(TestUser user, Map<String, Object> resources) {
        Api.Response answer = api.post("/api/v1/query_computing_resources", user.token(),
                Map.of("source", "test", "data", Map.of("resources", resources)));
        assertThat(answer.json().path("code").asInt()).as(answer.text()).isZero();
        return answer.json().path("data");
    }

    /** A score part of the API's first candidate as the page writes it: value × weight = points. */
    private static String part(JsonNode answer, String name) {
        JsonNode part = answer.path("candidates").get(0).path("score").path(name);
        return part.path("value").asDouble() + " × " + part.path("weight").asDouble() + " = "
                + part.path("points").asDouble();
    }

    @Test
    void aRequirementShowsRankedCandidatesWithScorePartsAndRejectedOffersWithTheirRules() throws Exception {
        TestUser user = newUser();
        loginAs(user);
        open("/console/catalog");
        fill("accelerator", "A100");
        fill("acceleratorCount", "1+");
        fill("cpus", "16+");
        fill("memory", "4x");
        fill("region", "cn-huadong1, cn-huabei2");
        fill("provider", "cloud");
        fill("maxPricePerHour", "50");
        fill("hours", "10");
        browser.clickAndLoad("button.query");

        JsonNode expected = apiQuery(user, Map.of("accelerator", "A100", "accelerator_count", "1+", "cpus", "16+",
                "memory", "4x", "region", List.of("cn-huadong1", "cn-huabei2"), "provider", "cloud",
                "max_price_per_hour", 50, "hours", 10));
        List<WebElement> rows = browser.findAll("table.candidates tbody tr");
        assertThat(rows).hasSize(expected.path("candidates").size()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows.get(0).getText()).contains("cloud:ctyun:cn-huadong1-jsnj2A-public-ctcloud:p8a.8xlarge.8",
                "0.5187", "399.0 CNY", part(expected, "price"), part(expected, "availability"),
                part(expected, "reliability"), "0.2004 × 0.6");
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getText()).as("rank " + (i + 1) + " as the API ranks it")
                    .contains(expected.path("candidates").get(i).path("offer").path("id").asString());
        }
        WebElement dear = browser.find("table.rejected tr[data-offer='cloud:ctyun:cn-huadong1-jsnj1A-public-ctcloud:p8a.32xlarge.8']");
        assertThat(dear.getText()).contains("✗ max_price_per_hour: 318 CNY/h is above 50");
        WebElement elsewhere = browser.find("table.rejected tr[data-offer='cloud:ctyun:cn-xinan1-gz1A-public-ctcloud:p8a.8xlarge.8']");
        assertThat(elsewhere.getText()).contains("region: cn-xinan1 is not", "available: 0 available, wants 1");
        assertThat(browser.find(".summary").getText()).contains(
                expected.path("summary").path("offers").asInt() + " offers", "2 matched", "Rejected by rule:");
        assertThat(browser.find("ul.providers").getText()).contains("✓ ok cloud");

        // the README shows the answer: the summary, the candidates and the first rejections
        browser.driver().executeScript("document.querySelector('.summary').scrollIntoView()");
        browser.screenshot(SCREENSHOT);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    void nothingFitsShowsTheNearMissesAndABadValueIsAReadableMessage() {
        loginAs(newUser());
        open("/console/catalog?accelerator=A100:8&maxPricePerHour=100&provider=cloud");
        assertThat(browser.mainText()).contains("✗ No offer meets every rule");
        assertThat(browser.find("table.near-misses tbody tr").getText())
                .contains("cloud:ctyun:cn-huadong1-jsnj2A-public-ctcloud:p8a.8xlarge.8", "accelerator_count: 1, wants 8");

        open("/console/catalog?cpus=lots");
        assertThat(browser.find(".error").getText()).contains("400", "data.resources.cpus", "form(N|N+)");
        assertThat(browser.driver().getPageSource()).doesNotContain("Exception");
    }

    @Test
    void aTemplateIsPlannedAPathChosenAndTheTaskFollowedToItsEnd() {
        Federation.registerDemoComponents(api);
        TestUser user = newUser();
        String packId = new PackFixtures(api).timing(user, "console-pack", 3_600).path("userPackId").asString();
        loginAs(user);
        open("/console/catalog");
        browser.find("#template").sendKeys("gpu-training");
        WebElement parameters = browser.find("#parameters");
        parameters.clear();
        parameters.sendKeys("{\"seconds\": 1}");
        browser.clickAndLoad("button.plan-task");

        assertThat(browser.find("h1").getText()).startsWith("Choose a path").contains("ct-");
        WebElement pick = browser.find("select[name=pick]");
        assertThat(pick.findElement(By.cssSelector("option")).getText()).startsWith("1. pack:" + packId);
        assertThat(browser.find("table.rejected").getAttribute("textContent"))
                .contains("local:node-it", "accelerator_count: 0, wants 1+");
        browser.clickAndLoad("button.start-path");

        assertThat(browser.driver().getCurrentUrl()).contains("/console/catalog/tasks/ct-");
        assertThat(browser.find("table.executions").getText()).contains("train", "pack", "pack:" + packId,
                "pack " + packId, "usage record");
        String job = browser.find("table.executions a.job").getText();
        assertThat(job).startsWith("job job-");
        // the status part is read again until the task ends, without a reload
        browser.markPage();
        await().atMost(Duration.ofSeconds(60)).until(() -> browser.find(".task-state").getText().equals("✓ succeeded"));
        assertThat(browser.pageStillMarked()).isTrue();
        assertThat(browser.find("table.executions").getText()).contains("job_result: SUCCESS");
    }
}
