package io.rocketexpress.gateway.tracking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.EventStream;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.model.tracking.TrackingStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class TrackingStreamTest {

    @Inject
    FlightSales sales;

    @Inject
    TrackingLog log;

    @TestHTTPResource("/v1/tracking/")
    URL tracking;

    private String key;
    private String number;

    @BeforeEach
    void bookedParcel() {
        key = Partners.newPartnerKey();
        String flight = Flights.id("streamed");
        Flights.offer(sales, flight, "hangzhou", "outpost-n", Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
        number = Bookings.book(key, "outpost-n", 1, 5).<List<String>>path("parcels.trackingNumber").get(0);
    }

    @Test
    void streamSendsTheTimelineThenEachEventAsItHappensAndEndsWithTheJourney() {
        try (EventStream stream = EventStream.open(tracking + number + "/events", key, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            await().until(() -> statuses(stream).equals(List.of("BOOKED")));

            record(TrackingStatus.MANIFESTED, TrackingStatus.LOADED);
            await().until(() -> statuses(stream).equals(List.of("BOOKED", "MANIFESTED", "LOADED")));
            assertThat(stream.ended()).isFalse();

            record(TrackingStatus.LAUNCHED, TrackingStatus.LANDED, TrackingStatus.RECOVERED,
                    TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED);
            await().until(stream::ended);
            assertThat(statuses(stream)).containsExactly("BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED",
                    "RECOVERED", "OUT_FOR_DELIVERY", "DELIVERED");
            List<EventStream.Event> events = stream.named("tracking");
            assertThat(events).extracting(EventStream.Event::id).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(events.get(0).data()).contains("\"region\":\"hangzhou\"").contains("\"at\":\"");
            assertThat(stream.named("end")).singleElement()
                    .satisfies(end -> assertThat(end.data()).contains("\"status\":\"DELIVERED\""));
        }
    }

    @Test
    void streamResumesAfterTheLastEventTheClientSaw() {
        String booked;
        try (EventStream first = EventStream.open(tracking + number + "/events", key, Map.of())) {
            await().until(() -> !first.named("tracking").isEmpty());
            booked = first.named("tracking").get(0).id();
        }
        record(TrackingStatus.MANIFESTED);

        try (EventStream resumed = EventStream.open(tracking + number + "/events", key,
                Map.of("Last-Event-ID", booked))) {
            await().until(() -> statuses(resumed).equals(List.of("MANIFESTED")));
        }
    }

    @Test
    void quietStreamSendsHeartbeats() {
        try (EventStream stream = EventStream.open(tracking + number + "/events", key, Map.of())) {
            await().until(() -> stream.named(":").size() >= 2);
            assertThat(statuses(stream)).containsExactly("BOOKED");
        }
    }

    @Test
    void streamOfAParcelThatIsNotYoursIsAProblemNotAStream() {
        given().auth().oauth2(Partners.newPartnerKey()).accept("text/event-stream")
                .get("/v1/tracking/" + number + "/events")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("you have no parcel " + number));
        given().auth().oauth2(key).accept("text/event-stream").header("Last-Event-ID", "yesterday")
                .get("/v1/tracking/" + number + "/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Last-Event-ID"));
    }

    private static List<String> statuses(EventStream stream) {
        return stream.named("tracking").stream()
                .map(event -> event.data().replaceAll(".*\"status\":\"([A-Z_]+)\".*", "$1")).toList();
    }

    /** Records the statuses one after another, each in its own transaction, as the gateway's parts do. */
    private void record(TrackingStatus... statuses) {
        for (TrackingStatus status : statuses) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                        Parcel.<Parcel>findById(number).flatMap(parcel -> log.append(parcel, status, "hangzhou",
                                status == TrackingStatus.DELIVERED ? "delivered to the test" : null))));
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        }
    }
}
