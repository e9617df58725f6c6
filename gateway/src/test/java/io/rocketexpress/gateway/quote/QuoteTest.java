package io.rocketexpress.gateway.quote;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class QuoteTest {

    // Relative to the management interface's root, /q.
    @io.quarkus.test.common.http.TestHTTPResource(value = "metrics", management = true)
    java.net.URL metricsUrl;

    @Inject
    FlightSales sales;

    private String key;

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    @Test
    void quoteChargesTheVolumetricMassOfALightBulkyParcel() {
        // 60 × 40 × 30 cm = 72,000 cm³ → 14.4 kg volumetric, more than its 2 kg.
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"origin\":\"hangzhou\",\"destination\":\"outpost-j\",\"parcels\":["
                        + "{\"massKg\":2,\"lengthCm\":60,\"widthCm\":40,\"heightCm\":30},"
                        + "{\"massKg\":20,\"lengthCm\":10,\"widthCm\":10,\"heightCm\":10}]}")
                .when().post("/v1/quotes")
                .then().statusCode(200)
                .body("massKg", equalTo(22.0f))
                .body("chargeableKg", equalTo(34.4f))
                .body("volumeM3", equalTo(0.073f))
                .body("price.amount", equalTo(25.00f + 4.50f * 34.4f))
                .body("price.currency", equalTo("USD"));
    }

    @Test
    void quotesAreCountedPerPartnerSoThatQuoteToBookCanBeWatched() {
        String name = "partner-" + UUID.randomUUID();
        String partner = given().auth().oauth2(Partners.ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").post("/admin/partners")
                .then().statusCode(201).extract().path("apiKey.secret");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(partner).contentType(ContentType.JSON)
                    .body("{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":["
                            + "{\"massKg\":1,\"lengthCm\":10,\"widthCm\":10,\"heightCm\":10}]}")
                    .when().post("/v1/quotes")
                    .then().statusCode(200);
        }

        String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rocketexpress_quotes_total{partner=\"" + name + "\"} 2.0");
    }

    @Test
    void routeWithItsOwnRateIsPricedAtIt() {
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":["
                        + "{\"massKg\":10,\"lengthCm\":20,\"widthCm\":20,\"heightCm\":20}]}")
                .when().post("/v1/quotes")
                .then().statusCode(200)
                .body("price.amount", equalTo(82.00f));
    }

    @Test
    void quoteListsTheNextFlightsWithRoomForTheWholeShipmentAndTheirDeliveryTimes() {
        Instant opens = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String tooSmall = Flights.id("tiny");
        String next = Flights.id("next");
        String after = Flights.id("after");
        Flights.offer(sales, tooSmall, "hangzhou", "outpost-k", opens, Duration.ofMinutes(30), 5, 1);
        Flights.offer(sales, next, "hangzhou", "outpost-k", opens.plusSeconds(1800), Duration.ofMinutes(30), 1000, 10);
        Flights.offer(sales, after, "hangzhou", "outpost-k", opens.plusSeconds(3600), Duration.ofMinutes(30), 1000, 10);

        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"origin\":\"hangzhou\",\"destination\":\"outpost-k\",\"parcels\":["
                        + "{\"massKg\":8,\"lengthCm\":20,\"widthCm\":20,\"heightCm\":20}]}")
                .when().post("/v1/quotes")
                .then().statusCode(200)
                .body("options.flightId", contains(next, after))
                .body("options[0].estimatedDeliveryAt", equalTo(opens.plusSeconds(1800 + 3600).toString()))
                .body("options[0].cutoffAt", equalTo(opens.plusSeconds(1800 - 1800).toString()));
    }

    @Test
    void quoteWithoutAnyFlightHasNoOptions() {
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body("{\"origin\":\"hangzhou\",\"destination\":\"outpost-l\",\"parcels\":["
                        + "{\"massKg\":8,\"lengthCm\":20,\"widthCm\":20,\"heightCm\":20}]}")
                .when().post("/v1/quotes")
                .then().statusCode(200)
                .body("options", hasSize(0));
    }
}
