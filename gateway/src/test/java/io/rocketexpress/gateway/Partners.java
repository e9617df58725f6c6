package io.rocketexpress.gateway;

import io.restassured.http.ContentType;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Creates partners through the admin API, as an administrator would. */
public final class Partners {

    public static final String ADMIN_KEY = "admin-key-for-tests";

    private Partners() {
    }

    /** A new partner with a unique name; returns its API key. */
    public static String newPartnerKey() {
        return given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"partner-" + UUID.randomUUID() + "\"}")
                .when().post("/admin/partners")
                .then().statusCode(201)
                .extract().path("apiKey.secret");
    }
}
