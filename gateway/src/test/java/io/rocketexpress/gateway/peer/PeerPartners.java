package io.rocketexpress.gateway.peer;

import io.restassured.http.ContentType;
import io.rocketexpress.gateway.Partners;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Partners of a chosen name: across regions a partner is known by its name. */
final class PeerPartners {

    private PeerPartners() {
    }

    /** Creates the partner through the admin API; returns its API key. */
    static String create(String name) {
        return given().auth().oauth2(Partners.ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when().post("/admin/partners")
                .then().statusCode(201)
                .extract().path("apiKey.secret");
    }
}
