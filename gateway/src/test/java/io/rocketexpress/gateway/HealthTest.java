package io.rocketexpress.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Health, metrics and the API's description, on the management port; none of it where partners call. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class HealthTest {

    /** The management interface's root, /q, on its own port. */
    @TestHTTPResource(value = "", management = true)
    URL managementRoot;

    @TestHTTPResource("/")
    URL api;

    @Test
    void readyOnceTheDatabaseAnswersAndTheScheduleIsWatched() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().baseUri(management())
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"))
                .body("checks.find { it.name == 'schedule' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'schedule' }.data.watching", containsString("namespace test")));
    }

    @Test
    void liveWhileTheProcessRuns() {
        given().baseUri(management()).when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void servesItsOpenApiDocumentAndMetrics() {
        given().baseUri(management()).accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Rocket Express partner API"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths.keySet()", hasItems("/v1/quotes", "/v1/bookings", "/v1/bookings/{id}/cancel",
                        "/v1/flights", "/v1/tracking/{trackingNumber}", "/v1/tracking/{trackingNumber}/events"))
                .body("paths.'/v1/bookings'.post.requestBody.content.'application/json'.examples"
                        + ".'two parcels to Dubai'.value.origin", equalTo("hangzhou"))
                .body("paths.'/v1/bookings'.post.responses.'400'.content.'application/problem+json'", notNullValue());
        given().baseUri(management()).when().get("/q/swagger-ui/").then().statusCode(200);
        given().baseUri(management()).when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(startsWith("application/openmetrics-text"));
        given().baseUri(management()).when().get("/q/health/ready")
                .then().body("checks.name", hasItem(startsWith("Database connections")));
    }

    @Test
    void requestLatencyIsAHistogramWithAFewFixedBuckets() {
        given().baseUri(api.toString()).when().get("/v1/flights").then().statusCode(401);

        String metrics = given().baseUri(management()).when().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/v1/flights\"") && line.contains("status=\"401\"")))
                .extracting(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .contains("0.005", "0.1", "1.0", "10.0", "+Inf")
                .hasSizeLessThan(15);
    }

    @Test
    void nothingOfTheManagementSurfaceIsServedWherePartnersCall() {
        assertThat(api.getPort()).isNotEqualTo(managementRoot.getPort());
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            given().baseUri(api.toString()).when().get(path).then().statusCode(404);
        }
    }

    private String management() {
        return "http://" + managementRoot.getHost() + ":" + managementRoot.getPort();
    }
}
