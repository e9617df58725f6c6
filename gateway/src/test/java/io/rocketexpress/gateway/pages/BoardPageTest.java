package io.rocketexpress.gateway.pages;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.gateway.peer.PeerNetwork;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The departures and arrivals board in a real browser: what it shows, and that it follows the schedule live. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class BoardPageTest {

    @TestHTTPResource("/board")
    URI board;

    @Inject
    Board live;

    @Inject
    CircuitBreakerMaintenance breakers;

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        PeerNetwork.answering().reset();
        breakers.resetAll();
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        // Boards left open would keep asking the other regions while later tests count their requests.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.watching() == 0);
        PeerNetwork.answering().reset();
    }

    @Test
    void boardShowsAScheduledLaunchWithItsRouteWindowAndVehicle() {
        String launch = Launches.publish("pages-a", 10_000, 120);

        showRow(launch);
        Map<String, Object> row = row(launch);

        assertThat((String) row.get("place")).contains("Pages A").contains("PGA");
        assertThat(row.get("phase")).isEqualTo("SCHEDULED");
        assertThat((String) row.get("badge")).contains("Scheduled");
        assertThat(row.get("times")).isEqualTo(3L);
        assertThat((String) row.get("text")).contains("veh-");
        assertThat(Browser.unlabelledControls(browser)).isEmpty();
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "board-wide");
        browser.manage().window().setSize(Browser.PHONE);
        assertThat(browser.findElement(By.cssSelector("tr[data-flight='" + launch + "'] .phase")).isDisplayed()).isTrue();
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "board-phone");
    }

    @Test
    void phaseChangeInTheClusterAppearsOnTheOpenPageWithinTwoSecondsWithoutReload() {
        String launch = Launches.publish("pages-b", 10_000, 120);
        showRow(launch);
        Browser.within(browser, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("live"),
                "data-state", "connected"));
        Browser.script(browser, "window.sameDocument = true;");

        Instant liftoff = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        Launches.status(launch, status -> {
            status.setPhase(LaunchPhase.InFlight);
            status.setLiftoffAt(liftoff.toString());
        });

        By inFlight = By.cssSelector("tr[data-flight='" + launch + "'][data-phase='IN_FLIGHT']");
        Browser.within(browser, Duration.ofSeconds(2)).until(ExpectedConditions.presenceOfElementLocated(inFlight));
        assertThat(Browser.script(browser, "return window.sameDocument === true;")).isEqualTo(true);
        Map<String, Object> row = row(launch);
        assertThat((String) row.get("badge")).contains("In flight");
        // Five minutes into a 25-minute hop.
        assertThat(((Number) row.get("progress")).intValue()).isBetween(19, 22);
        assertThat((String) row.get("progressText")).matches("\\d+% of the hop flown");
    }

    @Test
    void fillBarsShowWhatIsBookedByMassAndByVolume() {
        String launch = Launches.publish("pages-c", 1_000, 10);
        showRow(launch);
        String key = io.rocketexpress.gateway.Partners.newPartnerKey();
        // Two parcels of 100 kg and 60 x 40 x 30 cm: 200 of 1000 kg, 0.144 of 10 m3.
        Bookings.book(key, "pages-c", 2, 100);

        showRow(launch);
        Map<String, Object> row = row(launch);
        assertThat(row.get("mass")).isEqualTo("20");
        assertThat(row.get("volume")).isEqualTo("2");
        assertThat((String) row.get("text")).contains("Mass 20% booked").contains("Volume 2% booked");
        assertThat(((Number) row.get("massDrawn")).doubleValue()).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aBookingMovesTheOpenBoardsFillBarsWithinTwoSecondsWithoutReload() {
        String launch = Launches.publish("pages-g", 1_000, 10);
        showRow(launch);
        Browser.within(browser, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("live"),
                "data-state", "connected"));
        Browser.script(browser, "window.sameDocument = true;");

        Bookings.book(io.rocketexpress.gateway.Partners.newPartnerKey(), "pages-g", 2, 100);

        Browser.within(browser, Duration.ofSeconds(2)).until(driver -> "20".equals(row(launch).get("mass")));
        assertThat(Browser.script(browser, "return window.sameDocument === true;")).isEqualTo(true);
    }

    @Test
    void aRegionWhoseGatewayIsDownIsShownUnavailableWhileTheRestOfTheBoardStays() {
        String launch = Launches.publish("pages-d", 10_000, 120);
        String arriving = Launches.name("ans-lnch");
        PeerDepartures.answeringLists(arriving, Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));

        showRow(launch);
        By fromAnswering = By.cssSelector("#arrivals section[data-region='Answering'] tr[data-flight='" + arriving + "']");
        Browser.within(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(fromAnswering));

        assertThat(Browser.script(browser, "return document.querySelector(\"#arrivals section[data-region='Down']"
                + " .unavailable\").textContent.trim();"))
                .asString().endsWith("Arrivals from Down cannot be shown right now. The rest of the board is up to date.");
        assertThat(Browser.script(browser, "return document.querySelectorAll(\"#arrivals section[data-region='Failing']"
                + " .unavailable\").length;")).isEqualTo(1L);
        assertThat(Browser.script(browser, "return document.querySelector(arguments[0]).textContent;",
                "#arrivals section[data-region='Answering'] tr[data-flight='" + arriving + "']"))
                .asString().contains("Answering").contains("Mass 50% booked");
        assertThat(row(launch)).isNotEmpty();
    }

    @Test
    void theBoardCanBeUsedWithTheKeyboardAlone() {
        Launches.publish("pages-a", 10_000, 120);
        browser.get(board.toString());
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(Browser.focused(browser)).isEqualTo("a:Departures");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.getCurrentUrl()).endsWith("/board#main");

        browser.get(board.toString());
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(Browser.focused(browser)).isEqualTo("a:Departures and arrivals");
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(Browser.focused(browser)).isEqualTo("a:Track a parcel");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        Browser.within(browser, Duration.ofSeconds(5)).until(ExpectedConditions.urlContains("/track"));
        assertThat(browser.findElement(By.cssSelector("label[for='number']")).getText()).isEqualTo("Tracking number");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRightToLeftLanguageMirrorsTheLayout() {
        String launch = Launches.publish("pages-a", 10_000, 120);
        showRow(launch);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("ltr");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");

        // What a translation with dir=rtl gives: the same page, read from the other side.
        Browser.script(browser, "document.documentElement.dir = 'rtl';");
        Map<String, Object> edges = (Map<String, Object>) Browser.script(browser, """
                var table = document.querySelector('#departures table').getBoundingClientRect();
                var first = document.querySelector('#departures th').getBoundingClientRect();
                var bar = document.querySelector("tr[data-flight='" + arguments[0] + "'] .bar").getBoundingClientRect();
                var barBox = document.querySelector("tr[data-flight='" + arguments[0] + "'] .bar-mass").getBoundingClientRect();
                var times = document.querySelectorAll("tr[data-flight='" + arguments[0] + "'] .window time");
                return {tableRight: table.right, firstRight: first.right, barRight: bar.right, fillRight: barBox.right,
                        opensLeft: times[0].getBoundingClientRect().left, closesLeft: times[1].getBoundingClientRect().left};
                """, launch);
        assertThat(((Number) edges.get("firstRight")).doubleValue())
                .isCloseTo(((Number) edges.get("tableRight")).doubleValue(), org.assertj.core.data.Offset.offset(1.0));
        // A bar fills from the start of the line, the right in a right-to-left language.
        assertThat(((Number) edges.get("fillRight")).doubleValue())
                .isCloseTo(((Number) edges.get("barRight")).doubleValue(), org.assertj.core.data.Offset.offset(2.0));
        // Times read as times do in those languages too: a window still runs from left to right.
        assertThat(((Number) edges.get("opensLeft")).doubleValue()).isLessThan(((Number) edges.get("closesLeft")).doubleValue());
        assertThat(Browser.lowContrastTexts(browser)).isEmpty();
        Browser.screenshot(browser, "board-rtl");
    }

    /** Loads the board until it lists the launch, and waits for its live stream to be connected. */
    private void showRow(String launch) {
        By row = By.cssSelector("#departures tr[data-flight='" + launch + "']");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            browser.get(board.toString());
            assertThat(browser.findElements(row)).hasSize(1);
        });
        Browser.within(browser, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(By.id("live"),
                "data-state", "connected"));
    }

    /** What the launch's row shows, read in one go: the live board may swap its content at any moment. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> row(String launch) {
        return (Map<String, Object>) Browser.script(browser, """
                var row = document.querySelector("#departures tr[data-flight='" + arguments[0] + "']");
                if (!row) { return {}; }
                var mass = row.querySelector('.bar-mass'), volume = row.querySelector('.bar-volume');
                var progress = row.querySelector('progress'), progressText = row.querySelector('.progress-text');
                return {
                  phase: row.dataset.phase,
                  place: row.querySelector('.place').textContent,
                  badge: row.querySelector('.phase').textContent,
                  times: row.querySelectorAll('time').length,
                  text: row.textContent.replace(/\\s+/g, ' '),
                  mass: mass.dataset.percent,
                  volume: volume.dataset.percent,
                  massDrawn: mass.getBoundingClientRect().width / mass.parentElement.getBoundingClientRect().width,
                  progress: progress ? progress.value : null,
                  progressText: progressText ? progressText.textContent : null
                };
                """, launch);
    }
}
