package io.rocketexpress.gateway.partner;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rocketexpress.gateway.Partners.ADMIN_KEY;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** A suspended partner is refused at once, with its keys kept, until it is resumed. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PartnerSuspensionTest {

    @Test
    void aSuspendedPartnersCallsAreRefusedUntilItIsResumed() {
        ExtractableResponse<Response> created = create("Suspended Sprinters " + UUID.randomUUID());
        String id = created.path("id");
        String key = created.path("apiKey.secret");
        // Known to this replica, so the suspension must also reach what it remembers.
        given().auth().oauth2(key).get("/v1/flights").then().statusCode(200);

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(ADMIN_KEY).post("/admin/partners/" + id + "/suspend")
                    .then().statusCode(200)
                    .body("suspendedAt", notNullValue())
                    .body("keys[0].revokedAt", nullValue());
        }
        given().auth().oauth2(key).get("/v1/flights")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.rocketexpress.io/problems/forbidden"))
                .body("detail", containsString("is suspended"));

        given().auth().oauth2(ADMIN_KEY).post("/admin/partners/" + id + "/resume")
                .then().statusCode(200).body("suspendedAt", nullValue());
        given().auth().oauth2(key).get("/v1/flights").then().statusCode(200);
    }

    @Test
    void aSuspensionByAnotherReplicaTakesEffectHereAsItCommits() {
        ExtractableResponse<Response> created = create("Remote Riders " + UUID.randomUUID());
        String key = created.path("apiKey.secret");
        given().auth().oauth2(key).get("/v1/flights").then().statusCode(200);

        Db.write(() -> Partner.update("suspendedAt = ?1 where id = ?2", Instant.now(),
                UUID.fromString(created.path("id"))));

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(key).get("/v1/flights").then().statusCode(403));
    }

    @Test
    void anUnknownPartnerCannotBeSuspended() {
        given().auth().oauth2(ADMIN_KEY).post("/admin/partners/" + UUID.randomUUID() + "/suspend")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(io.rocketexpress.gateway.Partners.newPartnerKey())
                .post("/admin/partners/" + UUID.randomUUID() + "/suspend")
                .then().statusCode(401);
    }

    private static ExtractableResponse<Response> create(String name) {
        return given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/admin/partners").then().statusCode(201).extract();
    }
}
