package io.rocketexpress.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.monitoring.ChartMonitoring;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's gateway dashboard and alerts read only metrics the gateway serves: renaming a metric on either side
 * without the other fails here, not on an empty panel or an alert that never fires.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ChartMonitoringTest {

    // Relative to the management interface's root, /q.
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    FlightSales sales;

    private final ChartMonitoring chart = new ChartMonitoring(
            Path.of(System.getProperty("repository.root", "..")), "gateway");

    @Test
    void everyMetricTheChartsDashboardAndAlertsReadIsServed() {
        Map<String, String> names = chart.metricNames();
        // The reading finds what it should: one name of each source it reads.
        assertThat(names).containsKeys("jvm_info_total", "rocketexpress_quotes_total",
                "http_server_requests_seconds_bucket", "rocketexpress_webhook_dead_total", "sql_pool_queue_size");

        useEverything();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                ChartMonitoring.missingFrom(Scrape.of(metrics).text(), names.keySet()).stream()
                        .map(name -> name + " (" + names.get(name) + ")").collect(Collectors.toList()))
                .as("metrics read by %s or %s that the gateway does not serve", chart.dashboard().getFileName(),
                        chart.alerts().getFileName())
                .isEmpty());
    }

    /** Some meters appear with their first event: a quote, bookings on a flight and waitlisted, a cancellation, a GC. */
    private void useEverything() {
        String key = Partners.newPartnerKey();
        String flight = Flights.id("watched");
        Flights.offer(sales, flight, "hangzhou", "outpost-y", Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
        given().auth().oauth2(key).contentType(ContentType.JSON).body(Bookings.shipment("outpost-y", 1, 1))
                .post("/v1/quotes").then().statusCode(200);
        String booked = Bookings.book(key, "outpost-y", 1, 1).path("id");
        Bookings.book(key, "outpost-h", 1, 1);
        given().auth().oauth2(key).post("/v1/bookings/" + booked + "/cancel").then().statusCode(200);
        System.gc();
    }
}
