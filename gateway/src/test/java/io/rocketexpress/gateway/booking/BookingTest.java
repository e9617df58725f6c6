package io.rocketexpress.gateway.booking;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.model.tracking.TrackingNumber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rocketexpress.gateway.Bookings.book;
import static io.rocketexpress.gateway.Bookings.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BookingTest {

    // Relative to the management interface's root, /q.
    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metricsUrl;

    @Inject
    FlightSales sales;

    private final Instant inTwoHours = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    private String key;

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    @Test
    void bookingGoesOnTheEarliestFlightWithRoomForAllOfItByMassAndVolume() {
        String small = Flights.id("small");
        String roomy = Flights.id("roomy");
        String boxy = Flights.id("boxy");
        Flights.offer(sales, small, "hangzhou", "outpost-a", inTwoHours, Duration.ofMinutes(30), 100, 1);
        Flights.offer(sales, boxy, "hangzhou", "outpost-a", inTwoHours.plusSeconds(600), Duration.ofMinutes(30), 10_000, 0.1);
        Flights.offer(sales, roomy, "hangzhou", "outpost-a", inTwoHours.plusSeconds(3600), Duration.ofMinutes(30), 10_000, 120);

        ExtractableResponse<Response> heavy = book(key, UUID.randomUUID().toString(), shipment("outpost-a", 3, 50));
        ExtractableResponse<Response> light = book(key, UUID.randomUUID().toString(), shipment("outpost-a", 1, 20));

        assertThat(heavy.statusCode()).isEqualTo(201);
        assertThat(heavy.<String>path("status")).isEqualTo("CONFIRMED");
        assertThat(heavy.<String>path("flight.id")).as("150 kg fit neither the 100 kg flight nor, at 0.216 m³, "
                + "the 0.1 m³ one").isEqualTo(roomy);
        assertThat(light.<String>path("flight.id")).isEqualTo(small);
        assertThat(heavy.<List<String>>path("parcels.trackingNumber")).hasSize(3)
                .allSatisfy(number -> assertThat(TrackingNumber.parse(number).regionCode()).isEqualTo("HGH"));
        assertThat(heavy.<String>path("estimatedDeliveryAt"))
                .isEqualTo(inTwoHours.plusSeconds(3600).plus(Duration.ofHours(1)).toString());
        assertThat(heavy.<Float>path("price.amount")).isEqualTo(25.00f + 4.50f * 150);
        assertThat(heavy.<String>path("price.currency")).isEqualTo("USD");
        given().auth().oauth2(key).queryParam("destination", "outpost-a").get("/v1/flights")
                .then().body("find { it.id == '" + small + "' }.remainingKg", equalTo(80.0f))
                .body("find { it.id == '" + roomy + "' }.remainingKg", equalTo(9850.0f));
    }

    @Test
    void retryWithTheSameKeyAndBodyReplaysTheFirstAnswer() {
        Flights.offer(sales, Flights.id("replay"), "hangzhou", "outpost-b", inTwoHours, Duration.ofMinutes(30), 1000, 10);
        String idempotencyKey = UUID.randomUUID().toString();
        String body = shipment("outpost-b", 2, 5);

        ExtractableResponse<Response> first = book(key, idempotencyKey, body);
        ExtractableResponse<Response> again = book(key, idempotencyKey, body.replace(",", " , "));

        assertThat(again.statusCode()).isEqualTo(first.statusCode()).isEqualTo(201);
        assertThat(again.asString()).isEqualTo(first.asString());
        given().auth().oauth2(key).queryParam("destination", "outpost-b").get("/v1/flights")
                .then().body("[0].remainingKg", equalTo(990.0f));
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() {
        String idempotencyKey = UUID.randomUUID().toString();
        book(key, idempotencyKey, shipment("outpost-b", 1, 5));

        book(key, idempotencyKey, shipment("outpost-b", 1, 6)).response().then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("already used for a different request"));
    }

    @Test
    void idempotencyKeysArePerPartner() {
        String idempotencyKey = UUID.randomUUID().toString();
        String other = Partners.newPartnerKey();

        ExtractableResponse<Response> mine = book(key, idempotencyKey, shipment("outpost-b", 1, 5));
        ExtractableResponse<Response> theirs = book(other, idempotencyKey, shipment("outpost-b", 1, 5));

        assertThat(theirs.statusCode()).isEqualTo(201);
        assertThat(theirs.<String>path("id")).isNotEqualTo(mine.path("id"));
    }

    @Test
    void bookingWithoutRoomIsWaitlistedAndPlacedWhenAFlightWithRoomAppears() {
        ExtractableResponse<Response> waiting = book(key, UUID.randomUUID().toString(), shipment("outpost-c", 2, 40));
        assertThat(waiting.<String>path("status")).isEqualTo("WAITLISTED");
        assertThat(waiting.<Object>path("flight")).isNull();
        assertThat(waiting.<List<String>>path("parcels.status")).containsOnly("WAITLISTED");

        String flight = Flights.id("rescue");
        Flights.offer(sales, flight, "hangzhou", "outpost-c", inTwoHours, Duration.ofMinutes(30), 100, 1);

        given().auth().oauth2(key).get("/v1/bookings/" + waiting.path("id"))
                .then().statusCode(200)
                .body("status", equalTo("CONFIRMED"))
                .body("flight.id", equalTo(flight))
                .body("parcels.status", equalTo(List.of("BOOKED", "BOOKED")));
    }

    @Test
    void cancellingReleasesTheRoomToTheWaitlist() {
        String flight = Flights.id("full");
        Flights.offer(sales, flight, "hangzhou", "outpost-d", inTwoHours, Duration.ofMinutes(30), 100, 1);
        ExtractableResponse<Response> first = book(key, UUID.randomUUID().toString(), shipment("outpost-d", 1, 80));
        ExtractableResponse<Response> second = book(key, UUID.randomUUID().toString(), shipment("outpost-d", 1, 60));
        assertThat(second.<String>path("status")).isEqualTo("WAITLISTED");

        given().auth().oauth2(key).post("/v1/bookings/" + first.path("id") + "/cancel")
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("parcels[0].status", equalTo("CANCELLED"));

        given().auth().oauth2(key).get("/v1/bookings/" + second.path("id"))
                .then().body("status", equalTo("CONFIRMED")).body("flight.id", equalTo(flight));
        given().auth().oauth2(key).queryParam("destination", "outpost-d").get("/v1/flights")
                .then().body("[0].remainingKg", equalTo(40.0f));
        given().auth().oauth2(key).post("/v1/bookings/" + first.path("id") + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void cancellingAfterTheCutoffIsAConflictSayingWhy() {
        Instant opens = Instant.now().plusSeconds(4);
        String flight = Flights.id("closing");
        Flights.offer(sales, flight, "hangzhou", "outpost-e", opens, Duration.ofSeconds(2), 100, 1);
        ExtractableResponse<Response> booked = book(key, UUID.randomUUID().toString(), shipment("outpost-e", 1, 10));
        assertThat(booked.<String>path("flight.id")).isEqualTo(flight);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(opens.minusSeconds(2)));

        given().auth().oauth2(key).post("/v1/bookings/" + booked.path("id") + "/cancel")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("can no longer be cancelled: sales for flight " + flight + " closed at"));
    }

    @Test
    void anotherPartnersBookingIsNotFound() {
        ExtractableResponse<Response> mine = book(key, UUID.randomUUID().toString(), shipment("outpost-f", 1, 1));
        String other = Partners.newPartnerKey();

        given().auth().oauth2(other).get("/v1/bookings/" + mine.path("id"))
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(other).post("/v1/bookings/" + mine.path("id") + "/cancel")
                .then().statusCode(404);
        given().auth().oauth2(other).get("/v1/bookings")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(key).get("/v1/bookings/" + mine.path("id")).then().statusCode(200);
    }

    @Test
    void bookingsArePagedWithACursorAndFilteredByStatus() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(book(key, UUID.randomUUID().toString(), shipment("outpost-g", 1, 1 + i)).path("id"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(key).queryParam("limit", 2).queryParam("status", "WAITLISTED");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            ExtractableResponse<Response> page = request.get("/v1/bookings").then().statusCode(200).extract();
            List<String> pageIds = page.path("items.id");
            assertThat(pageIds).hasSizeLessThanOrEqualTo(2);
            seen.addAll(pageIds);
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(seen).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);
        given().auth().oauth2(key).queryParam("status", "CONFIRMED").get("/v1/bookings")
                .then().body("items", hasSize(0)).body("nextCursor", nullValue());
        given().auth().oauth2(key).queryParam("status", "LOST").get("/v1/bookings")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(key).queryParam("cursor", "garbage").get("/v1/bookings")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void bookingNeedsAnIdempotencyKey() {
        given().auth().oauth2(key).contentType(ContentType.JSON).body(shipment("outpost-a", 1, 1))
                .post("/v1/bookings")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void cancellingACancelledBookingCountsNothingAgain() {
        String name = "partner-" + UUID.randomUUID();
        String partner = given().auth().oauth2(Partners.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").post("/admin/partners")
                .then().statusCode(201).extract().path("apiKey.secret");
        ExtractableResponse<Response> booked = book(partner, UUID.randomUUID().toString(), shipment("outpost-v", 1, 1));

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(partner).post("/v1/bookings/" + booked.path("id") + "/cancel")
                    .then().statusCode(200).body("status", equalTo("CANCELLED"));
        }

        String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rocketexpress_bookings_cancelled_total{partner=\"" + name + "\"} 1.0");
    }

    @Test
    void bookingsAreCountedPerPartnerInTheMetrics() {
        book(key, UUID.randomUUID().toString(), shipment("outpost-h", 3, 1));

        String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rocketexpress_bookings_created_total{partner=\"partner-")
                .contains("rocketexpress_parcels_waitlisted_total{partner=\"partner-");
    }

    @Test
    void theWaitlistIsAGaugeInTheMetrics() {
        io.rocketexpress.gateway.Bookings.book(key, "outpost-h", 1, 1);

        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                io.rocketexpress.gateway.Scrape.of(metricsUrl).value("rocketexpress_waitlist_bookings"))
                .isGreaterThanOrEqualTo(1));
    }
}
