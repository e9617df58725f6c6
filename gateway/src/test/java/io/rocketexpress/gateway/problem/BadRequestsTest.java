package io.rocketexpress.gateway.problem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Bad input of every kind is answered problem+json with a type and a detail that says what to fix. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BadRequestsTest {

    private static final String PARCEL = "{\"massKg\":5,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}";

    private String key;

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("malformed JSON", "{\"origin\": \"hangzhou\",", 400, "malformed-request", "not valid JSON"),
                bad("mass of the wrong type", shipment("{\"massKg\":\"heavy\",\"lengthCm\":1,\"widthCm\":1,\"heightCm\":1}"),
                        400, "malformed-request", "parcels[0].massKg"),
                bad("negative mass", shipment("{\"massKg\":-3,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}"),
                        400, "invalid-request", "parcels[0].massKg: must be greater than 0"),
                bad("zero mass", shipment("{\"massKg\":0,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}"),
                        400, "invalid-request", "parcels[0].massKg"),
                bad("mass that rounds to nothing", shipment("{\"massKg\":1e-9,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}"),
                        400, "invalid-request", "parcels[0].massKg: 1.0E-9 kg rounds to 0 g; a parcel must weigh at least 1 g"),
                bad("side that rounds to nothing", shipment("{\"massKg\":1,\"lengthCm\":30,\"widthCm\":0.04,\"heightCm\":10}"),
                        400, "invalid-request", "parcels[0].widthCm: 0.04 cm rounds to 0 mm; each side must be at least 1 mm"),
                bad("missing side", shipment("{\"massKg\":3,\"lengthCm\":30,\"widthCm\":20}"),
                        400, "invalid-request", "parcels[0].heightCm: must not be null"),
                bad("box larger than the cabin door", shipment("{\"massKg\":3,\"lengthCm\":450,\"widthCm\":20,\"heightCm\":10}"),
                        400, "invalid-request", "does not pass the cabin door (300 × 200 × 200 cm)"),
                bad("parcel heavier than allowed", shipment("{\"massKg\":900,\"lengthCm\":30,\"widthCm\":20,\"heightCm\":10}"),
                        400, "invalid-request", "over the 500.0 kg a single parcel may weigh"),
                bad("unknown region", "{\"origin\":\"hangzhou\",\"destination\":\"atlantis\",\"parcels\":[" + PARCEL + "]}",
                        400, "invalid-request", "unknown region 'atlantis'"),
                bad("origin equals destination", "{\"origin\":\"hangzhou\",\"destination\":\"hangzhou\",\"parcels\":["
                        + PARCEL + "]}", 400, "invalid-request", "must differ from origin"),
                bad("no parcels", "{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":[]}",
                        400, "invalid-request", "parcels: must not be empty"),
                bad("too many parcels", shipment(String.join(",", java.util.Collections.nCopies(101, PARCEL))),
                        400, "invalid-request", "101 parcels in one booking; at most 100"),
                bad("misspelt field", "{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcel\":[" + PARCEL + "]}",
                        400, "malformed-request", "unknown field 'parcel'"),
                bad("empty body", "", 400, "invalid-request", "must not be null"),
                bad("another region's parcels", "{\"origin\":\"dubai\",\"destination\":\"liege\",\"parcels\":["
                        + PARCEL + "]}", 422, "unprocessable", "booked at the dubai gateway"),
                bad("oversized body", shipment(PARCEL + "," + "{\"massKg\":5,\"lengthCm\":30,\"widthCm\":20,"
                        + "\"heightCm\":10,\"note\":\"" + "x".repeat(70_000) + "\"}"), 413, "payload-too-large",
                        "at most 65536 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void quoteAndBookingAnswerProblemDetails(String name, String body, int status, String type, String detail) {
        for (String path : new String[] {"/v1/quotes", "/v1/bookings"}) {
            request().body(body).when().post(path)
                    .then().statusCode(status)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("https://api.rocketexpress.io/problems/" + type))
                    .body("status", equalTo(status))
                    .body("title", org.hamcrest.Matchers.notNullValue())
                    .body("detail", containsString(detail));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongRequests")
    void wrongRequestsAnswerProblemDetails(String name, boolean withKey, String contentType, String method,
                                           String path, int status, String detail) {
        RequestSpecification request = withKey ? given().auth().oauth2(key) : given();
        if (contentType != null) {
            request.contentType(contentType).body("{}");
        }
        request.when().request(method, path)
                .then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString(detail));
    }

    static Stream<Arguments> wrongRequests() {
        return Stream.of(
                Arguments.of("missing key", false, "application/json", "POST", "/v1/bookings", 401,
                        "Authorization: Bearer"),
                Arguments.of("text instead of JSON", true, "text/plain", "POST", "/v1/quotes", 415, "application/json"),
                Arguments.of("unknown path", true, null, "GET", "/v1/parcels", 404, "nothing at /v1/parcels"),
                Arguments.of("wrong method", true, null, "DELETE", "/v1/quotes", 405, "not allowed"),
                Arguments.of("malformed booking id", true, null, "GET", "/v1/bookings/not-a-uuid", 404, "nothing at"));
    }

    @org.junit.jupiter.api.Test
    void askingForAMediaTypeTheApiDoesNotAnswerIsNotAcceptableNotMalformed() {
        given().auth().oauth2(key).accept("text/html").when().get("/v1/flights")
                .then().statusCode(406)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://api.rocketexpress.io/problems/not-acceptable"));
    }

    private RequestSpecification request() {
        return given().auth().oauth2(key).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static String shipment(String parcels) {
        return "{\"origin\":\"hangzhou\",\"destination\":\"dubai\",\"parcels\":[" + parcels + "]}";
    }

    private static Arguments bad(String name, String body, int status, String type, String detail) {
        return Arguments.of(name, body, status, type, detail);
    }
}
