package io.rocketexpress.gateway.webhook;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A gateway as production runs it: deliveries never reach internal addresses, whatever DNS answers. */
@QuarkusTest
@TestProfile(WebhookPrivateAddressTest.PublicOnly.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class WebhookPrivateAddressTest {

    private static final String DESTINATION = "outpost-w";

    /** allow-private off; plain HTTP and high ports stay open, since the endpoints of a test listen on them. */
    public static class PublicOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.webhooks.allow-private", "false");
        }
    }

    @Inject
    FlightSales sales;

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.8", "172.16.3.4", "192.168.1.1", "127.0.0.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "[::1]", "[::]", "[fd00::1]", "[fe80::1]",
            "[::ffff:10.0.0.1]", "localhost", "metadata.localhost"})
    void internalHostIsRefusedAtRegistration(String host) {
        given().auth().oauth2(Partners.newPartnerKey()).contentType(ContentType.JSON)
                .body("{\"url\":\"https://" + host + "/hooks\"}").put("/v1/webhook")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"))
                .body("detail", containsString("host " + host))
                .body("detail", containsString("public internet addresses"));
    }

    @Test
    void nameResolvingToAnInternalAddressIsRefusedAtEveryAttempt() throws UnknownHostException {
        Flights.offer(sales, Flights.id("internal"), "hangzhou", DESTINATION, Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
        try (PartnerEndpoint endpoint = PartnerEndpoint.start()) {
            // A name registered while it looked harmless, that now answers the gateway's own machine.
            String name = "rebound-" + endpoint.port() + FakeDns.ZONE;
            FakeDns.answer(name, InetAddress.getByName("127.0.0.1"));
            String key = Partners.newPartnerKey();
            endpoint.trust(given().auth().oauth2(key).contentType(ContentType.JSON)
                    .body("{\"url\":\"" + endpoint.url(name) + "\"}").put("/v1/webhook")
                    .then().statusCode(201).extract().path("secret"));

            Bookings.book(key, DESTINATION, 1, 4);

            await().untilAsserted(() -> {
                List<String> errors = given().auth().oauth2(key).get("/v1/webhook/deliveries").then().statusCode(200)
                        .extract().jsonPath().getList("items[0].attempts.error");
                assertThat(errors).hasSizeGreaterThanOrEqualTo(2).containsOnly("blocked-address");
            });
            assertThat(endpoint.requests()).isEmpty();
        }
    }
}
