package io.hutong.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.protocol.NodeCard;
import io.hutong.protocol.SignatureAlgorithm;
import io.hutong.support.Api;
import io.hutong.support.Federation;
import io.hutong.support.Nodes;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

/** The peers page against a second, healthy node signed up with the shared one both ways. */
class ConsolePeersIT extends ConsoleBrowserIT {

    private static final String PEER = "node-peer";
    private static ConfigurableApplicationContext peer;
    private static Api peerApi;

    @BeforeAll
    static void startPeer() {
        peer = Nodes.start(PEER, "target/it-data/console-peer-" + UUID.randomUUID());
        peerApi = new Api(Nodes.port(peer));
    }

    @AfterAll
    static void stopPeer() {
        peer.close();
    }

    /** Signs the nodes up with each other; the shared node forgets the peer again after the test. */
    private void signUp() {
        Federation.importCard(api, Federation.card(peerApi));
        Federation.importCard(peerApi, Federation.card(api));
    }

    private void forget() {
        api.delete("/admin/peers/" + PEER, ADMIN_TOKEN);
    }

    private WebElement peerCard() {
        return browser.find("article.peer[data-node='" + PEER + "']");
    }

    @Test
    void anAdminSeesThePeersCardAndADiagnosisWithPassLines() {
        signUp();
        try {
            loginAsAdmin();
            open("/console/peers");
            String peerFingerprint = peerApi.get("/admin/trust/card", ADMIN_TOKEN).data().path("fingerprint").asString();
            String ownFingerprint = api.get("/admin/trust/card", ADMIN_TOKEN).data().path("fingerprint").asString();
            assertThat(peerFingerprint).isNotBlank().isNotEqualTo(ownFingerprint);
            assertThat(browser.find("#own-card .fingerprint").getText()).isEqualTo(ownFingerprint);
            assertThat(browser.find("#own-card .rotation").getText()).isEqualTo("✓ every peer has taken this card");
            WebElement card = peerCard();
            assertThat(card.findElement(By.cssSelector(".fingerprint")).getText())
                    .isEqualTo(peerFingerprint);
            assertThat(card.getText()).contains("SHA256_ECDSA", "http://", "signed, checked strictly",
                    "has this node's current card");

            card.findElement(By.cssSelector("button.diagnose")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> !peerCard().findElements(
                    By.cssSelector(".diagnosis li")).isEmpty());
            String lines = peerCard().findElement(By.cssSelector(".diagnosis")).getText();
            assertThat(lines).contains("✓ PASS reachability", "✓ PASS card", "✓ PASS signed-round-trip",
                    "✓ PASS has-current-key", "⚠ WARN tls").contains(ownFingerprint);
            assertThat(browser.driver().getCurrentUrl()).as("htmx, no page load").endsWith("/console/peers");
        } finally {
            forget();
        }
    }

    @Test
    void anAdminChangesAPeersDialectWithTheForm() {
        signUp();
        try {
            loginAsAdmin();
            open("/console/peers");
            peerCard().findElement(By.cssSelector("select[name=dialect]")).sendKeys("kuscia");
            browser.clickAndLoad("article.peer[data-node='" + PEER + "'] button.change-dialect");
            assertThat(api.get("/admin/trust/peers", ADMIN_TOKEN).data().findValues("node_id").toString())
                    .contains(PEER);
            assertThat(api.get("/admin/trust/peers", ADMIN_TOKEN).data()).filteredOn(
                    p -> p.path("node_id").asString().equals(PEER)).singleElement()
                    .satisfies(p -> assertThat(p.path("dialect").asString()).isEqualTo("kuscia"));
            assertThat(peerCard().getText()).contains("unsigned");
        } finally {
            forget();
        }
    }

    @Test
    void aPeerThatCannotBeReachedFailsItsDiagnosisInWords() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        String gone = "node-gone";
        NodeCard card = NodeCard.of(gone, "http://127.0.0.1:" + unused, SignatureAlgorithm.SHA256_ECDSA,
                SignatureAlgorithm.SHA256_ECDSA.generateKeyPair().getPublic());
        Federation.importCard(api, Api.JSON.valueToTree(card));
        try {
            loginAsAdmin();
            open("/console/peers");
            WebElement peerCard = browser.find("article.peer[data-node='" + gone + "']");
            peerCard.findElement(By.cssSelector("button.diagnose")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findAll(
                    "article.peer[data-node='" + gone + "'] .diagnosis li").isEmpty());
            assertThat(browser.find("article.peer[data-node='" + gone + "'] li[data-check=reachability]").getText())
                    .startsWith("✗ FAIL reachability").contains("127.0.0.1:" + unused);
        } finally {
            api.delete("/admin/peers/" + gone, ADMIN_TOKEN);
        }
    }

    @Test
    void aUserIsRefusedThePeersPageWithAReadableMessage() {
        loginAs(newUser());
        open("/console/peers");
        assertThat(browser.find(".error").getText()).contains("403", "this page is for the node's admins");
        assertThat(browser.driver().getPageSource()).doesNotContain("Exception");
    }
}
