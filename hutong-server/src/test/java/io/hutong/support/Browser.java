package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Debian's headless chromium driven by its chromedriver (both from apt: {@code .ci/run} installs
 * them), with Chrome's performance log on, so a test can list every request a page made.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        assertThat(Path.of(CHROMIUM)).as("chromium (apt-get install chromium chromium-driver)").isExecutable();
        assertThat(Path.of(CHROMEDRIVER)).as("chromedriver (apt-get install chromium-driver)").isExecutable();
        try {
            profile = Files.createTempDirectory("hutong-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // without the background-networking flags chromium keeps calling Google, which the closed network refuses
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver named directly: Selenium Manager never tries to download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Logs in to the console of the node at {@code base} with an API token. */
    public void login(String base, String token) {
        open(base + "/console/login");
        driver.findElement(By.id("token")).sendKeys(token);
        clickAndLoad("form button[type=submit]");
    }

    /** Clicks a link or button and waits for the page it leads to (the clicked element is gone from it). */
    public void clickAndLoad(String css) {
        WebElement clicked = find(css);
        clicked.click();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                clicked.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text a person reads in the page's main part. */
    public String mainText() {
        return find("main").getText();
    }

    /** Marks the current page, so a test can tell that a change came without a reload (which clears the mark). */
    public void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.__hutongMark = 'unreloaded';");
    }

    public boolean pageStillMarked() {
        return "unreloaded".equals(((JavascriptExecutor) driver).executeScript("return window.__hutongMark;"));
    }

    /**
     * Every URL the browser requested since the last call (documents, scripts, styles, images,
     * event streams), from Chrome's performance log.
     */
    public List<URI> requests() {
        List<URI> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = Api.JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asString().equals("Network.requestWillBeSent")) {
                urls.add(URI.create(message.path("params").path("request").path("url").asString()));
            }
        }
        return urls;
    }

    /** Every {@code src} and {@code href} of the current page, resolved against it. */
    public List<String> references() {
        Object found = ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll('[src],[href]'))
                    .map(e => e.src || e.href).filter(u => typeof u === 'string');""");
        List<String> urls = new ArrayList<>();
        ((List<?>) found).forEach(url -> urls.add(String.valueOf(url)));
        return urls;
    }

    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
