package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The datasets page: a user's own and the node's datasets, download through the console, upload and delete. */
class ConsoleDatasetsIT extends ConsoleBrowserIT {

    private static final String CSV = "id,age,city\n1,34,Nanjing\n2,41,Tianjin\n3,29,Chengdu\n";

    private void load(String token, String namespace, String name, String csv) {
        Api.Response loaded = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/datasets/" + namespace + "/"
                + name)).POST(HttpRequest.BodyPublishers.ofString(csv)), token, Map.of("Content-Type", "text/csv"));
        assertThat(loaded.code()).as(loaded.text()).isEqualTo("General.Success");
    }

    private WebElement row(String datasetId) {
        return browser.find("table.datasets tr[data-dataset='" + datasetId + "']");
    }

    /** What the page's link answers to this browser's session. */
    private HttpResponse<byte[]> follow(String href) throws Exception {
        String cookie = browser.driver().manage().getCookieNamed("hutong_console").getValue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", "hutong_console=" + cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aUserSeesTheirOwnAndTheNodesDatasetsWithRowsAndDownloadsTheSameBytes() throws Exception {
        String ns = "c" + UUID.randomUUID().toString().substring(0, 8);
        TestUser user = newUser();
        TestUser other = newUser();
        load(user.token(), ns, "mine", CSV);
        load(ADMIN_TOKEN, ns, "nodes", "id\n7\n");
        load(other.token(), ns, "others", "id\n9\n");

        loginAs(user);
        open("/console/datasets");
        WebElement mine = row(ns + "#mine");
        assertThat(mine.findElement(By.cssSelector(".rows")).getText()).isEqualTo("3");
        assertThat(mine.getText()).contains(user.name(), "id, age, city", CSV.length() + " B");
        assertThat(row(ns + "#nodes").getText()).contains("the node");
        assertThat(browser.mainText()).doesNotContain(ns + "#others");

        HttpResponse<byte[]> download = follow(mine.findElement(By.cssSelector("a.download")).getAttribute("href"));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.body()).isEqualTo(api.get("/api/datasets/" + ns + "/mine/data", user.token()).text()
                .getBytes(StandardCharsets.UTF_8)).isEqualTo(CSV.getBytes(StandardCharsets.UTF_8));
        assertThat(follow(base() + "/console/datasets/" + ns + "/others/data").statusCode())
                .as("another user's dataset is unknown to this one").isEqualTo(404);
    }

    @Test
    void aUserUploadsACsvAndDeletesItAfterConfirming() throws Exception {
        String ns = "c" + UUID.randomUUID().toString().substring(0, 8);
        TestUser user = newUser();
        Path file = Files.createTempFile("console-upload-", ".csv");
        Files.writeString(file, "key,score\na,1\nb,2\n");
        try {
            loginAs(user);
            open("/console/datasets");
            browser.find("form.upload [name=namespace]").sendKeys(ns);
            browser.find("form.upload [name=name]").sendKeys("uploaded");
            browser.find("form.upload [name=file]").sendKeys(file.toAbsolutePath().toString());
            browser.clickAndLoad("button.upload");
            assertThat(row(ns + "#uploaded").findElement(By.cssSelector(".rows")).getText()).isEqualTo("2");
            assertThat(api.get("/api/datasets/" + ns + "/uploaded", user.token()).data().path("ownerId").asLong())
                    .isEqualTo(user.id());

            // a second upload at the same place is refused with the API's message
            open("/console/datasets");
            browser.find("form.upload [name=namespace]").sendKeys(ns);
            browser.find("form.upload [name=name]").sendKeys("uploaded");
            browser.find("form.upload [name=file]").sendKeys(file.toAbsolutePath().toString());
            browser.clickAndLoad("button.upload");
            assertThat(browser.find(".error").getText()).contains("409", ns + "#uploaded");

            open("/console/datasets");
            browser.clickAndLoad("tr[data-dataset='" + ns + "#uploaded'] a.delete");
            assertThat(browser.find("h1").getText()).contains("Delete", ns + "#uploaded");
            browser.clickAndLoad("button.danger");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/console/datasets");
            assertThat(browser.findAll("tr[data-dataset='" + ns + "#uploaded']")).isEmpty();
            assertThat(api.get("/api/datasets/" + ns + "/uploaded", user.token()).code()).isEqualTo("General.NotFound");
        } finally {
            Files.delete(file);
        }
    }
}
