package io.rocketexpress.gateway.pages;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.gateway.peer.PeerNetwork;
import io.rocketexpress.model.launch.LaunchPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Public parcel tracking in a real browser: the journey, typos, live events, and nothing of the partner. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class TrackPageTest {

    @TestHTTPResource("/track")
    URI track;

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void trackingPageShowsARealParcelsTimelineWithItsEstimatedDelivery() {
        Shipments shipment = Shipments.book("pages-e");

        browser.get(track + "/" + shipment.trackingNumber());
        awaitLive();

        assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("Parcel " + shipment.trackingNumber());
        assertThat(browser.findElement(By.cssSelector(".current")).getText()).contains("Booked");
        assertThat(browser.findElement(By.cssSelector(".eta time")).getAttribute("datetime")).isNotBlank();
        assertThat(statuses()).containsExactly("BOOKED");
        assertThat(browser.findElement(By.cssSelector(".timeline li")).getText()).contains("Booked").contains("Hangzhou");
        assertThat(browser.getPageSource()).doesNotContain(shipment.partner()).doesNotContain(shipment.launch());
        assertThat(Browser.unlabelledControls(browser)).isEmpty();
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "track-wide");
        browser.manage().window().setSize(Browser.PHONE);
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "track-phone");
    }

    @Test
    void aMistypedNumberGetsTheFriendlyMessage() {
        Shipments shipment = Shipments.book("pages-e");
        browser.get(track.toString());

        WebElement field = browser.findElement(By.id("number"));
        field.sendKeys(shipment.mistyped(), Keys.ENTER);

        WebElement notice = Browser.within(browser, Duration.ofSeconds(5))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("number-notice")));
        assertThat(notice.getText()).isEqualTo("This number does not look right: a character may have been"
                + " mistyped. Please check it and try again.");
        assertThat(browser.findElement(By.id("number")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("number")).getAttribute("value")).isEqualTo(shipment.mistyped());
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "track-typo");
    }

    @Test
    void theFormWorksWithTheKeyboardAlone() {
        Shipments shipment = Shipments.book("pages-e");
        browser.get(track.toString());
        WebElement body = browser.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        for (int i = 0; i < 3; i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(Browser.focused(browser)).startsWith("input#number");
        String typed = shipment.trackingNumber().toLowerCase().substring(0, 3) + "-" + shipment.trackingNumber().substring(3);
        browser.switchTo().activeElement().sendKeys(typed);
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(Browser.focused(browser)).isEqualTo("button:Track");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);

        Browser.within(browser, Duration.ofSeconds(5))
                .until(ExpectedConditions.urlToBe(track + "/" + shipment.trackingNumber()));
        assertThat(statuses()).containsExactly("BOOKED");
    }

    @Test
    void liveEventsAppearWhileThePageIsOpenAndNothingOfThePartnerOrRecipientEver() {
        Shipments shipment = Shipments.book("pages-f");
        browser.get(track + "/" + shipment.trackingNumber());
        awaitLive();
        Browser.script(browser, "window.sameDocument = true;");

        shipment.closeSales();
        Browser.within(browser, Duration.ofSeconds(10)).until(driver -> statuses().contains("MANIFESTED"));
        Launches.status(shipment.launch(), status -> {
            status.setPhase(LaunchPhase.Launching);
            status.setVehicle("xzy-live");
        });
        Browser.within(browser, Duration.ofSeconds(5)).until(driver -> statuses().contains("LOADED"));
        assertThat(browser.findElement(By.cssSelector(".current")).getText()).contains("Loaded onto the rocket");

        Instant liftoff = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Launches.status(shipment.launch(), status -> {
            status.setPhase(LaunchPhase.Completed);
            status.setLiftoffAt(liftoff.toString());
            status.setLandedAt(liftoff.plusSeconds(1500).toString());
            status.setRecoveredAt(liftoff.plusSeconds(3000).toString());
        });
        Browser.within(browser, Duration.ofSeconds(5)).until(driver -> statuses().contains("RECOVERED"));
        shipment.report("OUT_FOR_DELIVERY", null, null);
        String recipient = "Recipient " + tail(shipment.partner());
        shipment.report("DELIVERED", recipient, "signature-" + tail(shipment.partner()));

        Browser.within(browser, Duration.ofSeconds(5)).until(driver -> statuses().contains("DELIVERED"));
        assertThat(Browser.script(browser, "return window.sameDocument === true;")).isEqualTo(true);
        assertThat(statuses()).containsExactly("BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED", "RECOVERED",
                "OUT_FOR_DELIVERY", "DELIVERED");
        assertThat(browser.findElement(By.cssSelector(".follow")).getText()).isEqualTo("This journey has ended.");
        String page = browser.getPageSource();
        assertThat(page).doesNotContain(shipment.partner()).doesNotContain(recipient).doesNotContain("signature-")
                .doesNotContain("xzy-live").doesNotContain(shipment.launch());
        browser.navigate().refresh();
        assertThat(browser.getPageSource()).doesNotContain(shipment.partner()).doesNotContain(recipient)
                .doesNotContain("signature-");
    }

    /** Waits for the page's live stream to have sent the journey: from then on it changes only as the parcel does. */
    private void awaitLive() {
        Browser.within(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.attributeToBe(By.id("parcel"), "data-live", "true"));
    }

    private static String tail(String text) {
        return text.substring(text.length() - 8);
    }

    /** The statuses on the timeline, read in one go: the live page may swap it at any moment. */
    @SuppressWarnings("unchecked")
    private List<String> statuses() {
        return (List<String>) Browser.script(browser, "return Array.from(document.querySelectorAll('.timeline li'))"
                + ".map(function (item) { return item.dataset.status; });");
    }
}
