package io.rocketexpress.gateway.tracking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.rocketexpress.model.tracking.TrackingStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class TrackingTest {

    @Inject
    FlightSales sales;

    @Inject
    TrackingLog log;

    private String key;
    private String flight;

    @BeforeEach
    void bookable() {
        key = Partners.newPartnerKey();
        flight = Flights.id("tracked");
        Flights.offer(sales, flight, "hangzhou", "outpost-m", Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
    }

    @Test
    void bookedParcelShowsItsStatusAndTimeline() {
        String number = bookOneParcel();

        given().auth().oauth2(key).get("/v1/tracking/" + number)
                .then().statusCode(200)
                .body("trackingNumber", equalTo(number))
                .body("status", equalTo("BOOKED"))
                .body("origin", equalTo("hangzhou"))
                .body("destination", equalTo("outpost-m"))
                .body("events.status", contains("BOOKED"))
                .body("events[0].region", equalTo("hangzhou"))
                .body("events[0].detail", startsWith("booked on flight tracked-"))
                .body("events[0].at", startsWith(Instant.now().toString().substring(0, 10)));
    }

    @Test
    void numberIsFoundHoweverThePartnerTypesIt() {
        String number = bookOneParcel();
        String typed = number.substring(0, 3).toLowerCase() + "-" + number.substring(3);

        given().auth().oauth2(key).get("/v1/tracking/" + typed)
                .then().statusCode(200).body("trackingNumber", equalTo(number));
    }

    @Test
    void malformedNumberIsABadRequestAndAnUnknownOneIsNotFound() {
        String number = bookOneParcel();
        char last = number.charAt(number.length() - 1);
        String typo = number.substring(0, number.length() - 1) + (last == '7' ? '8' : '7');

        given().auth().oauth2(key).get("/v1/tracking/" + typo)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.rocketexpress.io/problems/invalid-tracking-number"))
                .body("detail", containsString("check character does not match"));
        given().auth().oauth2(key).get("/v1/tracking/HGH12")
                .then().statusCode(400).body("detail", containsString("16 letters and digits"));
        String unknown = TrackingNumber.generate("HGH", new SecureRandom()).toString();
        given().auth().oauth2(key).get("/v1/tracking/" + unknown)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anotherPartnersParcelIsNotFound() {
        String number = bookOneParcel();
        String other = Partners.newPartnerKey();

        given().auth().oauth2(other).get("/v1/tracking/" + number).then().statusCode(404);
        report(other, number, "{\"status\":\"OUT_FOR_DELIVERY\"}").then().statusCode(404);
    }

    @Test
    void lastMileReportsTheDeliveryInItsOrderUpToDelivered() {
        String number = bookOneParcel();
        journeyToRecovered(number);

        report(key, number, "{\"status\":\"OUT_FOR_DELIVERY\"}").then().statusCode(200)
                .body("status", equalTo("OUT_FOR_DELIVERY"));
        report(key, number, "{\"status\":\"DELIVERY_FAILED\",\"detail\":\"nobody home\"}").then().statusCode(200);
        report(key, number, "{\"status\":\"OUT_FOR_DELIVERY\"}").then().statusCode(200);
        report(key, number, "{\"status\":\"DELIVERED\",\"recipient\":\"Li Wei\",\"proof\":\"photo:7f3a9c\"}")
                .then().statusCode(200)
                .body("status", equalTo("DELIVERED"))
                .body("events.status", contains("BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED",
                        "RECOVERED", "OUT_FOR_DELIVERY", "DELIVERY_FAILED", "OUT_FOR_DELIVERY", "DELIVERED"))
                .body("events[7].detail", equalTo("nobody home"))
                .body("events[9].detail", equalTo("delivered to Li Wei (proof: photo:7f3a9c)"))
                .body("events[9].region", equalTo("outpost-m"));

        report(key, number, "{\"status\":\"OUT_FOR_DELIVERY\"}")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("parcel " + number + " is DELIVERED; OUT_FOR_DELIVERY cannot follow that"));
    }

    @Test
    void parcelStillOnTheGroundCannotGoOutForDelivery() {
        String number = bookOneParcel();

        report(key, number, "{\"status\":\"OUT_FOR_DELIVERY\"}")
                .then().statusCode(409).body("detail", containsString("is BOOKED"));
        given().auth().oauth2(key).get("/v1/tracking/" + number).then().body("events.status", contains("BOOKED"));
    }

    @Test
    void reportsAreChecked() {
        String number = bookOneParcel();
        journeyToRecovered(number);
        report(key, number, "{\"status\":\"OUT_FOR_DELIVERY\"}").then().statusCode(200);

        report(key, number, "{\"status\":\"DELIVERED\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("recipient"));
        report(key, number, "{\"status\":\"LANDED\"}")
                .then().statusCode(400).body("detail", containsString("not a last-mile report"));
        report(key, number, "{}")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    private Response report(String partnerKey, String number, String body) {
        return given().auth().oauth2(partnerKey).contentType(ContentType.JSON).body(body)
                .post("/v1/tracking/" + number + "/events");
    }

    private String bookOneParcel() {
        ExtractableResponse<Response> booked = given().auth().oauth2(key).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"origin\":\"hangzhou\",\"destination\":\"outpost-m\",\"parcels\":["
                        + "{\"massKg\":3,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}]}")
                .post("/v1/bookings").then().statusCode(201).extract();
        return booked.<List<String>>path("parcels.trackingNumber").get(0);
    }

    /** What the launch's progress records for the parcel, as the cluster integration does. */
    private void journeyToRecovered(String number) {
        for (TrackingStatus status : List.of(TrackingStatus.MANIFESTED, TrackingStatus.LOADED,
                TrackingStatus.LAUNCHED, TrackingStatus.LANDED, TrackingStatus.RECOVERED)) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                        Parcel.<Parcel>findById(number).flatMap(parcel -> log.append(parcel, status,
                                status == TrackingStatus.RECOVERED ? "outpost-m" : "hangzhou", null))));
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        }
    }
}
