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
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rocketexpress.gateway.Partners.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PartnerKeysTest {

    @Test
    void adminCreatesAPartnerWhoseKeyIsShownOnceAndStoredOnlyAsAHash() {
        ExtractableResponse<Response> created = createPartner("Parcel Planet");
        String secret = created.path("apiKey.secret");
        String prefix = created.path("apiKey.prefix");

        assertThat(secret).startsWith("rx_").hasSizeGreaterThan(40);
        assertThat(secret).startsWith(prefix);
        assertThat(created.header("Location")).contains("/admin/partners/" + created.path("id"));
        List<Map<String, Object>> partners = given().auth().oauth2(ADMIN_KEY)
                .when().get("/admin/partners").then().statusCode(200).extract().path("");
        Map<String, Object> listed = partners.stream().filter(p -> "Parcel Planet".equals(p.get("name")))
                .findFirst().orElseThrow();
        assertThat(listed.toString()).doesNotContain(secret).contains(prefix);
        ApiKey stored = ApiKeyLookup.byPrefix(prefix);
        assertThat(stored.hash).isEqualTo(KeySecrets.hash(secret)).doesNotContain(secret.substring(3));

        given().auth().oauth2(secret).when().get("/v1/flights").then().statusCode(200);
    }

    @Test
    void revokedKeyStopsWorkingAtOnceWhileANewOneWorks() {
        ExtractableResponse<Response> created = createPartner("Swift Couriers");
        String partnerId = created.path("id");
        String first = created.path("apiKey.secret");
        String second = given().auth().oauth2(ADMIN_KEY)
                .when().post("/admin/partners/" + partnerId + "/keys")
                .then().statusCode(201).extract().path("secret");
        // Used once, the key is known to this replica without asking the database again.
        given().auth().oauth2(first).when().get("/v1/flights").then().statusCode(200);

        given().auth().oauth2(ADMIN_KEY)
                .when().delete("/admin/partners/" + partnerId + "/keys/" + created.path("apiKey.id"))
                .then().statusCode(204);

        given().auth().oauth2(first).when().get("/v1/flights")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.rocketexpress.io/problems/unauthenticated"))
                .body("detail", containsString("unknown or revoked"));
        given().auth().oauth2(second).when().get("/v1/flights").then().statusCode(200);
        given().auth().oauth2(ADMIN_KEY)
                .when().delete("/admin/partners/" + partnerId + "/keys/" + created.path("apiKey.id"))
                .then().statusCode(204);
    }

    @Test
    void keyRevokedByAnotherReplicaStopsWorkingHereAsItsTransactionCommits() {
        ExtractableResponse<Response> created = createPartner("Relay Logistics");
        String secret = created.path("apiKey.secret");
        given().auth().oauth2(secret).when().get("/v1/flights").then().statusCode(200);

        // Another replica revokes it: this one only hears of it from the database.
        Db.write(() -> ApiKey.update("revokedAt = ?1 where hash = ?2", Instant.now(), KeySecrets.hash(secret)));

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(secret).when().get("/v1/flights").then().statusCode(401));
    }

    @Test
    void partnerNamesAreUnique() {
        createPartner("Sky Freight");

        given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON).body("{\"name\":\"Sky Freight\"}")
                .when().post("/admin/partners")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already exists"));
    }

    @Test
    void everyV1CallNeedsAKey() {
        given().when().get("/v1/flights")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/v1/flights")
                .then().statusCode(401)
                .body("detail", containsString("must read 'Bearer <key>'"));
        given().auth().oauth2("rx_made-up").when().get("/v1/flights")
                .then().statusCode(401);
    }

    @Test
    void adminApiNeedsTheAdminKeyNotAPartnerKey() {
        String partnerKey = io.rocketexpress.gateway.Partners.newPartnerKey();

        given().auth().oauth2(partnerKey).when().get("/admin/partners")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("the admin API needs the admin key"));
        given().when().get("/admin/partners").then().statusCode(401);
    }

    @Test
    void unknownPartnerOrKeyIsNotFound() {
        given().auth().oauth2(ADMIN_KEY)
                .when().post("/admin/partners/" + java.util.UUID.randomUUID() + "/keys")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", startsWith("https://api.rocketexpress.io/problems/not-found"));
    }

    private static ExtractableResponse<Response> createPartner(String name) {
        return given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when().post("/admin/partners")
                .then().statusCode(201)
                .extract();
    }
}
