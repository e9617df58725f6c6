package io.rocketexpress.gateway.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.Scrape;
import io.rocketexpress.gateway.WebhookReceiver;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.ledger.FlightTimeline;
import io.rocketexpress.model.tracking.TrackingStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Webhooks against a real HTTP receiver that checks signatures. The test profile sends every second, retries
 * after 0.2 s doubling up to 0.8 s, opens a breaker after 3 failures in a row for 2 s, and gives up after 8 s.
 */
@QuarkusTest
class WebhookTest {

    private static final String DESTINATION = "outpost-u";

    // Relative to the management interface's root, /q.
    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metrics;

    @Inject
    FlightSales sales;

    @Inject
    FlightTimeline timeline;

    private WebhookReceiver receiver;
    private String key;
    private String flight;

    @BeforeEach
    void partnerWithAnEndpoint() {
        receiver = WebhookReceiver.start();
        key = Partners.newPartnerKey();
        flight = Flights.id("hooked");
        Flights.offer(sales, flight, "hangzhou", DESTINATION, Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyEventOfThePartnersParcelsIsDeliveredSignedOnce() {
        register();
        var booked = Bookings.book(key, DESTINATION, 2, 4);
        List<String> numbers = booked.path("parcels.trackingNumber");
        Bookings.book(Partners.newPartnerKey(), DESTINATION, 1, 4);
        recordForTheFlight(booked.path("flight.id"), TrackingStatus.MANIFESTED);

        await().until(() -> receiver.accepted().size() == 4);
        assertThat(receiver.requests()).allMatch(WebhookReceiver.Request::signed);
        List<JsonPath> bodies = receiver.accepted().stream().map(request -> new JsonPath(request.body())).toList();
        assertThat(bodies).extracting(body -> body.getString("data.trackingNumber")).containsOnlyElementsOf(numbers);
        assertThat(bodies).extracting(body -> body.getString("data.status"))
                .containsExactlyInAnyOrder("BOOKED", "BOOKED", "MANIFESTED", "MANIFESTED");
        assertThat(bodies).extracting(body -> body.getString("type")).containsOnly("tracking.event");
        assertThat(bodies).extracting(body -> body.getString("data.region")).containsOnly("hangzhou");
        assertThat(receiver.accepted()).extracting(WebhookReceiver.Request::delivery)
                .containsExactlyInAnyOrderElementsOf(bodies.stream().map(body -> body.getString("id")).toList());

        // The receiver has answered before the gateway records the outcome.
        await().untilAsserted(() -> assertThat(deliveries("").getList("items.state")).containsOnly("DELIVERED").hasSize(4));
        JsonPath log = deliveries("");
        assertThat(log.getList("items.attempts.responseStatus")).containsOnly(List.of(204));
        assertThat(log.getList("items.trackingNumber")).containsOnlyElementsOf(numbers);
        String typed = numbers.get(0).toLowerCase();
        assertThat(deliveries("?trackingNumber=" + typed).getList("items.eventStatus"))
                .containsExactly("MANIFESTED", "BOOKED");
        given().auth().oauth2(key).get("/v1/webhook").then().statusCode(200)
                .body("url", equalTo(receiver.url()))
                .body("breaker", equalTo("CLOSED"))
                .body("pending", equalTo(0))
                .body("secret", nullValue());
    }

    @Test
    void failingEndpointGetsRetriedUntilItRecoversAndNothingIsLost() {
        register();
        receiver.failing(true);
        Bookings.book(key, DESTINATION, 2, 4);

        // Three failures in a row open the breaker.
        await().untilAsserted(() -> given().auth().oauth2(key).get("/v1/webhook").then()
                .body("breaker", equalTo("OPEN")).body("pending", equalTo(2)));
        JsonPath failing = deliveries("?state=PENDING");
        assertThat(failing.getList("items.attempts.responseStatus").stream()
                .flatMap(statuses -> ((List<?>) statuses).stream())).isNotEmpty().allMatch(status -> status.equals(500));
        assertThat(failing.getString("items[0].attempts[0].error")).isEqualTo("status");

        receiver.failing(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 2);
        await().untilAsserted(() -> given().auth().oauth2(key).get("/v1/webhook").then()
                .body("breaker", equalTo("CLOSED")).body("consecutiveFailures", equalTo(0)).body("pending", equalTo(0)));
        JsonPath log = deliveries("");
        assertThat(log.getList("items.state")).containsOnly("DELIVERED").hasSize(2);
        for (int i = 0; i < 2; i++) {
            List<Integer> statuses = log.getList("items[" + i + "].attempts.responseStatus");
            assertThat(statuses).last().isEqualTo(204);
            assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly(500);
            List<Integer> numbers = log.getList("items[" + i + "].attempts.attempt");
            assertThat(numbers).isSorted().doesNotHaveDuplicates().startsWith(1);
        }
        assertThat(receiver.accepted()).allMatch(WebhookReceiver.Request::signed);
    }

    @Test
    void retriesAndTheDeliveriesWaitingForThemShowInTheMetrics() {
        register();
        receiver.failing(true);
        double retriedBefore = retried();
        Bookings.book(key, DESTINATION, 1, 4);

        await().untilAsserted(() -> assertThat(retried()).isGreaterThan(retriedBefore));
        await().untilAsserted(() -> assertThat(Scrape.of(metrics).value("rocketexpress_webhook_pending"))
                .isGreaterThanOrEqualTo(1));
        receiver.failing(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);
    }

    private double retried() {
        double value = Scrape.of(metrics).value("rocketexpress_webhook_retries_total");
        return Double.isNaN(value) ? 0 : value;
    }

    @Test
    void openBreakerSendsNothingUntilItsTimeThenOneDeliveryProbes() {
        register();
        receiver.failing(true);
        Bookings.book(key, DESTINATION, 1, 4);

        await().until(() -> receiver.requests().size() >= 3);
        await().untilAsserted(() -> given().auth().oauth2(key).get("/v1/webhook").then().body("breaker", equalTo("OPEN")));
        Map<String, Object> opened = given().auth().oauth2(key).get("/v1/webhook").then()
                .body("breaker", equalTo("OPEN")).extract().path("$");
        Instant openUntil = Instant.parse((String) opened.get("openUntil"));

        await().until(() -> receiver.requests().size() >= 4);
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests.stream().filter(request -> request.at().isBefore(openUntil.minusMillis(50)))).hasSize(3);
        assertThat(requests.get(3).at()).isAfterOrEqualTo(openUntil.minusMillis(50));
    }

    @Test
    void deliveryFailingPastTheGiveUpTimeIsDead() {
        register();
        receiver.failing(true);
        Bookings.book(key, DESTINATION, 1, 4);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries("?state=DEAD").getList("items").size() == 1);
        JsonPath dead = deliveries("?state=DEAD");
        assertThat(dead.getString("items[0].finishedAt")).isNotNull();
        assertThat(dead.getString("items[0].nextAttemptAt")).isNull();
        int attempts = dead.getList("items[0].attempts").size();
        assertThat(attempts).isGreaterThanOrEqualTo(3);
        given().auth().oauth2(key).get("/v1/webhook").then().body("pending", equalTo(0));
        assertThat(receiver.requests()).hasSize(attempts);

        // Back up, the partner has it sent again.
        receiver.failing(false);
        String id = dead.getString("items[0].id");
        given().auth().oauth2(key).post("/v1/webhook/deliveries/" + id + "/retry").then().statusCode(200)
                .body("state", equalTo("PENDING")).body("attempts.size()", equalTo(attempts));
        await().untilAsserted(() -> assertThat(deliveries("?state=DELIVERED").getList("items.id")).containsExactly(id));
        assertThat(receiver.accepted()).singleElement().satisfies(request -> assertThat(request.delivery()).isEqualTo(id));
        given().auth().oauth2(key).post("/v1/webhook/deliveries/" + id + "/retry").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is DELIVERED"));
        given().auth().oauth2(Partners.newPartnerKey()).post("/v1/webhook/deliveries/" + id + "/retry")
                .then().statusCode(404);
        given().auth().oauth2(key).post("/v1/webhook/deliveries/x1/retry").then().statusCode(400);
    }

    @Test
    void registrationIsCheckedAndTheSecretShownOnlyOnRegistering() {
        given().auth().oauth2(key).get("/v1/webhook").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("PUT /v1/webhook"));
        put("{\"url\":\"ftp://hooks.example.com/x\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                .body("detail", containsString("https://"));
        put("{\"url\":\"https://user:pw@hooks.example.com/x\"}").then().statusCode(400)
                .body("detail", containsString("credentials"));
        put("{}").then().statusCode(400).body("errors[0].field", equalTo("url"));

        String first = put("{\"url\":\"" + receiver.url() + "\"}").then().statusCode(201)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        String second = put("{\"url\":\"" + receiver.url() + "\"}").then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertThat(second).isNotEqualTo(first);

        receiver.failing(true);
        Bookings.book(key, DESTINATION, 1, 4);
        given().auth().oauth2(key).delete("/v1/webhook").then().statusCode(204);
        given().auth().oauth2(key).get("/v1/webhook").then().statusCode(404);
        assertThat(deliveries("").getList("items.state")).containsOnly("CANCELLED");
        given().auth().oauth2(key).get("/v1/webhook/deliveries?state=LOST").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    @Test
    void deliveriesArePagedNewestFirst() {
        register();
        Bookings.book(key, DESTINATION, 5, 1);
        await().until(() -> receiver.accepted().size() == 5);

        JsonPath first = deliveries("?limit=3");
        JsonPath second = deliveries("?limit=3&cursor=" + first.getString("nextCursor"));
        List<Long> ids = java.util.stream.Stream.concat(first.getList("items.id", String.class).stream(),
                second.getList("items.id", String.class).stream()).map(Long::parseLong).toList();
        assertThat(ids).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(second.getString("nextCursor")).isNull();
        Set<String> delivered = receiver.accepted().stream().map(WebhookReceiver.Request::delivery).collect(Collectors.toSet());
        assertThat(ids).map(String::valueOf).containsExactlyInAnyOrderElementsOf(delivered);
    }

    private void register() {
        String secret = put("{\"url\":\"" + receiver.url() + "\"}").then().statusCode(201).extract().path("secret");
        receiver.trust(secret);
    }

    private io.restassured.response.Response put(String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).put("/v1/webhook");
    }

    private JsonPath deliveries(String query) {
        return given().auth().oauth2(key).get("/v1/webhook/deliveries" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    private void recordForTheFlight(String flight, TrackingStatus status) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    timeline.record(flight, status, Instant.now(), "hangzhou", "test")));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
