package io.rocketexpress.gateway.tracking;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.EventStream;
import io.rocketexpress.gateway.Partners;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Tracking streams are bounded: per partner, per replica, and in how long each lasts. */
@QuarkusTest
@TestProfile(StreamLimitsTest.SmallLimits.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class StreamLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.stream.max-per-partner", "2",
                    "rocketexpress.gateway.stream.max-per-replica", "3",
                    "rocketexpress.gateway.stream.max-lifetime", "PT3S");
        }
    }

    @TestHTTPResource("/v1/tracking/")
    URL tracking;

    // Relative to the management interface's root, /q.
    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    StreamLimits limits;

    @Test
    void openStreamsAreAGaugeInTheMetrics() {
        await().until(() -> limits.open() == 0);
        String key = Partners.newPartnerKey();
        try (EventStream ignored = stream(key)) {
            await().untilAsserted(() -> assertThat(given().get(metrics).asString())
                    .contains("rocketexpress_tracking_streams 1.0"));
        }
        await().untilAsserted(() -> assertThat(given().get(metrics).asString())
                .contains("rocketexpress_tracking_streams 0.0"));
    }

    @Test
    void streamsOverThePartnersOrTheReplicasLimitAreRefusedUntilOneCloses() {
        String first = Partners.newPartnerKey();
        String second = Partners.newPartnerKey();
        String third = Partners.newPartnerKey();
        List<EventStream> open = new ArrayList<>();
        try {
            open.add(stream(first));
            open.add(stream(first));
            given().auth().oauth2(first).accept("text/event-stream").get(path(first))
                    .then().statusCode(429)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", equalTo("30"))
                    .body("type", equalTo("https://api.rocketexpress.io/problems/rate-limited"))
                    .body("detail", containsString("you hold 2 tracking streams open at once"));

            open.add(stream(second));
            given().auth().oauth2(third).accept("text/event-stream").get(path(third))
                    .then().statusCode(429)
                    .body("detail", containsString("this gateway holds 3 tracking streams at once"));

            open.remove(0).close();
            await().until(() -> limits.open() == 2);
            open.add(stream(third));
        } finally {
            open.forEach(EventStream::close);
        }
        await().until(() -> limits.open() == 0);
    }

    @Test
    void aStreamEndsAfterItsLifetimeAndTheClientResumesWhereItStopped() {
        String key = Partners.newPartnerKey();
        String number = parcel(key);
        String seen;
        try (EventStream stream = EventStream.open(tracking + number + "/events", key, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(stream::ended);
            assertThat(stream.named("tracking")).hasSize(1);
            assertThat(stream.named("end")).isEmpty();
            seen = stream.named("tracking").get(0).id();
        }
        try (EventStream resumed = EventStream.open(tracking + number + "/events", key,
                Map.of("Last-Event-ID", seen))) {
            assertThat(resumed.status()).isEqualTo(200);
            await().until(() -> resumed.named(":").size() >= 1);
            assertThat(resumed.named("tracking")).isEmpty();
        }
        await().until(() -> limits.open() == 0);
    }

    private EventStream stream(String key) {
        EventStream stream = EventStream.open(tracking + parcel(key) + "/events", key, Map.of());
        assertThat(stream.status()).isEqualTo(200);
        await().until(() -> !stream.named("tracking").isEmpty());
        return stream;
    }

    private String path(String key) {
        return "/v1/tracking/" + parcel(key) + "/events";
    }

    private static String parcel(String key) {
        return Bookings.book(key, "outpost-n", 1, 1).<List<String>>path("parcels.trackingNumber").get(0);
    }
}
