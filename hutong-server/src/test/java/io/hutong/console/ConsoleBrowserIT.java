package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.support.Browser;
import io.hutong.support.NodeIT;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the console's page tests on the shared test node: one browser per test class, and after
 * every test the check that no page it opened loaded anything from outside the node.
 */
public abstract class ConsoleBrowserIT extends NodeIT {

    protected static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens a console page, e.g. {@code /console/jobs}. */
    protected void open(String path) {
        browser.open(base() + path);
    }

    protected void loginAsAdmin() {
        browser.login(base(), ADMIN_TOKEN);
    }

    protected void loginAs(TestUser user) {
        browser.login(base(), user.token());
    }

    @AfterEach
    void nothingLoadedFromOutsideTheNode() {
        assertSameOrigin(browser, base());
    }

    /** Every request since the last check, and every src and href of the current page, went to {@code base}. */
    public static void assertSameOrigin(Browser browser, String base) {
        URI origin = URI.create(base);
        List<URI> requests = browser.requests();
        assertThat(requests).as("requests the pages made").isNotEmpty();
        // what goes over the network; chrome: and data: URLs are the browser's own (its start page)
        assertThat(requests).filteredOn(url -> !List.of("chrome", "data", "about").contains(url.getScheme()))
                .allSatisfy(url -> assertThat(url.getScheme() + "://" + url.getHost() + ":" + url.getPort())
                        .as(url.toString()).isEqualTo(origin.getScheme() + "://" + origin.getHost() + ":" + origin.getPort()));
        assertThat(browser.references()).allSatisfy(ref -> assertThat(ref).as("a src or href").startsWith(base + "/"));
    }
}
