package io.rocketexpress.gateway;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Books and tracks over HTTP, as a partner does. */
public final class Bookings {

    private Bookings() {
    }

    public static ExtractableResponse<Response> book(String key, String idempotencyKey, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(body)
                .when().post("/v1/bookings")
                .then().extract();
    }

    /** Books and expects the booking to be taken (confirmed or waitlisted). */
    public static ExtractableResponse<Response> book(String key, String destination, int parcels, double massKg) {
        ExtractableResponse<Response> booked = book(key, UUID.randomUUID().toString(), shipment(destination, parcels, massKg));
        if (booked.statusCode() != 201) {
            throw new AssertionError("booking refused: " + booked.asString());
        }
        return booked;
    }

    /** A shipment from Hangzhou of identical 60 × 40 × 30 cm parcels. */
    public static String shipment(String destination, int parcels, double massKg) {
        StringBuilder json = new StringBuilder("{\"origin\":\"hangzhou\",\"destination\":\"" + destination
                + "\",\"parcels\":[");
        for (int i = 0; i < parcels; i++) {
            json.append(i == 0 ? "" : ",").append("{\"massKg\":").append(massKg)
                    .append(",\"lengthCm\":60,\"widthCm\":40,\"heightCm\":30}");
        }
        return json.append("]}").toString();
    }

    /** The statuses of the parcel's timeline, oldest first. */
    public static List<String> timeline(String key, String trackingNumber) {
        return given().auth().oauth2(key).get("/v1/tracking/" + trackingNumber)
                .then().statusCode(200).extract().path("events.status");
    }
}
