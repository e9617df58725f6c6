package io.rocketexpress.gateway.reads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PartnerReadsTest {

    /** An Accept with a weight is left to the resources: the same request, answered the other way. */
    private static final String TO_THE_RESOURCES = "application/json;q=1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FlightSales sales;

    @Inject
    Pool pool;

    @TestHTTPResource(value = "", management = true)
    URL management;

    private String key;
    private String otherKey;
    private String trackingNumber;
    private String booking;

    @BeforeEach
    void booked() {
        key = Partners.newPartnerKey();
        otherKey = Partners.newPartnerKey();
        Flights.offer(sales, Flights.id("read"), "hangzhou", "outpost-n", Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
        ExtractableResponse<Response> booked = given().auth().oauth2(key).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"origin\":\"hangzhou\",\"destination\":\"outpost-n\",\"parcels\":["
                        + "{\"massKg\":3,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10},"
                        + "{\"massKg\":1.5,\"lengthCm\":10,\"widthCm\":10,\"heightCm\":10}]}")
                .post("/v1/bookings").then().statusCode(201).extract();
        booking = booked.path("id");
        trackingNumber = booked.<List<String>>path("parcels.trackingNumber").get(0);
    }

    @Test
    void eachReadAndEachRefusalIsAnsweredAsTheResourcesAnswerIt() {
        String own = "Bearer " + key;
        String other = "Bearer " + otherKey;
        assertAnsweredAlike(own, "/v1/tracking/" + trackingNumber, 200);
        assertAnsweredAlike(own, "/v1/tracking/" + trackingNumber.toLowerCase(), 200);
        assertAnsweredAlike(own, "/v1/bookings/" + booking, 200);
        assertAnsweredAlike(own, "/v1/flights", 200);
        assertAnsweredAlike(own, "/v1/flights?origin=hangzhou&destination=outpost-n", 200);
        assertAnsweredAlike(own, "/v1/flights?destination=atlantis", 400);
        assertAnsweredAlike(other, "/v1/tracking/" + trackingNumber, 404);
        assertAnsweredAlike(other, "/v1/bookings/" + booking, 404);
        assertAnsweredAlike(own, "/v1/bookings/" + UUID.randomUUID(), 404);
        assertAnsweredAlike(null, "/v1/tracking/" + trackingNumber, 401);
        assertAnsweredAlike("Bearer not-a-key", "/v1/bookings/" + booking, 401);
        assertAnsweredAlike("Basic " + key, "/v1/flights", 401);
        assertAnsweredAlike(own, "/v1/flights/", 200);
        assertAnsweredAlike(own, "/v1/bookings/" + booking + "/", 200);
    }

    @Test
    void aRepeatedAuthorizationIsReadAsTheResourcesReadIt() {
        given().header("Authorization", "Bearer " + key).header("Authorization", "Bearer " + otherKey)
                .accept(ContentType.JSON).get("/v1/tracking/" + trackingNumber)
                .then().statusCode(401);
    }

    @Test
    void aReadAnsweredAheadOfTheResourcesIsCountedUnderTheResourcesTemplate() {
        given().auth().oauth2(key).accept(ContentType.JSON).get("/v1/tracking/" + trackingNumber)
                .then().statusCode(200);
        given().auth().oauth2(key).accept(ContentType.JSON).get("/v1/bookings/" + booking).then().statusCode(200);

        String metrics = given().baseUri("http://" + management.getHost() + ":" + management.getPort()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")))
                .anyMatch(line -> line.contains("uri=\"/v1/tracking/{trackingNumber}\"")
                        && line.contains("status=\"200\""))
                .anyMatch(line -> line.contains("uri=\"/v1/bookings/{id}\"") && line.contains("status=\"200\""))
                .noneMatch(line -> line.contains(trackingNumber) || line.contains(booking));
    }

    @Test
    void onlyPlainJsonReadsOfAPartnersOwnAreAnsweredAheadOfTheResources() {
        assertThat(PartnerReads.acceptsJson(null)).isTrue();
        assertThat(PartnerReads.acceptsJson("*/*")).isTrue();
        assertThat(PartnerReads.acceptsJson("application/json")).isTrue();
        assertThat(PartnerReads.acceptsJson("text/html, application/*")).isTrue();
        assertThat(PartnerReads.acceptsJson("text/html")).isFalse();
        assertThat(PartnerReads.acceptsJson("application/json;q=0")).isFalse();
        assertThat(PartnerReads.acceptsJson("text/event-stream")).isFalse();
    }

    /** The request answered ahead of the resources and by them: same status, type, Retry-After and JSON. */
    private static void assertAnsweredAlike(String authorization, String path, int status) {
        ExtractableResponse<Response> ahead = request(authorization, ContentType.JSON.toString()).get(path)
                .then().extract();
        ExtractableResponse<Response> resources = request(authorization, TO_THE_RESOURCES).get(path)
                .then().extract();
        assertThat(ahead.statusCode()).as(path).isEqualTo(status);
        assertThat(resources.statusCode()).as(path).isEqualTo(status);
        assertThat(ahead.contentType()).as(path).isEqualTo(resources.contentType());
        assertThat(ahead.header("Retry-After")).as(path).isEqualTo(resources.header("Retry-After"));
        assertThat(tree(ahead.asString())).as(path).isEqualTo(tree(resources.asString()));
    }

    private static RequestSpecification request(String authorization, String accept) {
        RequestSpecification request = given().header("Accept", accept);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * A pooled connection plans a read once, generically, and runs that plan on every later call. Left to choose,
     * PostgreSQL plans a statement's first five calls for their values and may go on doing so for every call.
     */
    @Test
    void aConnectionPlansAReadOnceNotOnEveryCall() {
        // A text of its own: no other statement on the connection adds to its counts.
        String read = "SELECT status AS planned_once FROM parcel WHERE tracking_number = $1";
        Row plans = pool.withConnection(connection -> {
            Uni<Void> calls = Uni.createFrom().voidItem();
            for (int i = 0; i < 8; i++) {
                calls = calls.chain(() -> connection.preparedQuery(read).execute(Tuple.of(trackingNumber))
                        .invoke(rows -> assertThat(rows.rowCount()).isEqualTo(1)).replaceWithVoid());
            }
            return calls.chain(() -> connection.preparedQuery("SELECT generic_plans, custom_plans"
                    + " FROM pg_prepared_statements WHERE statement = $1").execute(Tuple.of(read)));
        }).await().atMost(Duration.ofSeconds(30)).iterator().next();
        assertThat(plans.getLong("custom_plans")).isZero();
        assertThat(plans.getLong("generic_plans")).isEqualTo(8);
    }
}
