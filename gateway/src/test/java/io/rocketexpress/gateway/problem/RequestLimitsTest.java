package io.rocketexpress.gateway.problem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Requests over the size limits are refused as problem+json, whichever layer notices; the schema backs the API. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RequestLimitsTest {

    @TestHTTPResource("/v1/bookings")
    URI bookings;

    @TestHTTPResource("/v1/quotes")
    URI quotes;

    @Inject
    Pool database;

    @Test
    void aChunkedBodyThatOutgrowsTheLimitIsAProblem() throws Exception {
        String key = Partners.newPartnerKey();
        byte[] body = ("{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":[{\"massKg\":1,\"lengthCm\":1,"
                + "\"widthCm\":1,\"heightCm\":1,\"note\":\"" + "x".repeat(100_000) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        // A stream of unknown length goes out chunked: no Content-Length announces the size.
        HttpRequest request = HttpRequest.newBuilder(bookings)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("payload-too-large").contains("outgrew the limit")
                .contains("at most 65536 bytes");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServedAsAnyOther() throws Exception {
        String key = Partners.newPartnerKey();
        byte[] body = "{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":[{\"massKg\":2,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}]}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(quotes)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"massKg\":2.0");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOverLongUriIsAProblem() {
        given().when().get("/v1/tracking/" + "A".repeat(9_000))
                .then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://api.rocketexpress.io/problems/uri-too-long"))
                .body("detail", containsString("at most 8192 are accepted"));
    }

    @Test
    void theSchemaRefusesParcelsThatWouldTakeNoCapacity() {
        // The foreign key to a booking is checked after the row's own checks: these fail first.
        assertThatThrownBy(() -> insertParcel(0, new BigDecimal("1.0"))).hasMessageContaining("parcel_minimum_mass");
        assertThatThrownBy(() -> insertParcel(5, new BigDecimal("0.0"))).hasMessageContaining("parcel_minimum_sides");
    }

    private void insertParcel(long grams, BigDecimal side) {
        database.preparedQuery("INSERT INTO parcel (tracking_number, booking_id, position, mass_g, length_cm,"
                        + " width_cm, height_cm, status, updated_at) VALUES ($1, $2, 0, $3, 10, 10, $4,"
                        + " 'BOOKED', now())")
                .execute(Tuple.of("RX-LIMIT-" + UUID.randomUUID(), UUID.randomUUID(), grams, side))
                .await().atMost(Duration.ofSeconds(10));
    }
}
