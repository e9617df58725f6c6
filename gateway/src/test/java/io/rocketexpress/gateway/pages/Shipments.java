package io.rocketexpress.gateway.pages;

import io.restassured.http.ContentType;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.model.tracking.TrackingNumber;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** A partner of a known name with one parcel booked on a launch of its own, as the pages' tests need it. */
record Shipments(String partner, String key, String launch, String trackingNumber) {

    /** Publishes a launch to {@code destination}, creates a partner and books one parcel onto the launch. */
    static Shipments book(String destination) {
        String launch = Launches.publish(destination, 10_000, 120);
        String partner = "Partner Comete " + UUID.randomUUID();
        String key = given().auth().oauth2(Partners.ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", partner)).post("/admin/partners")
                .then().statusCode(201).extract().path("apiKey.secret");
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> given().auth().oauth2(key)
                .queryParam("destination", destination).get("/v1/flights")
                .then().extract().<java.util.List<String>>path("id").contains(launch));
        String number = Bookings.book(key, destination, 1, 2.5).path("parcels[0].trackingNumber");
        return new Shipments(partner, key, launch, number);
    }

    /** Brings the launch's window forward past its sales cutoff: the gateway seals it, the parcel is MANIFESTED. */
    void closeSales() {
        java.time.Instant opens = java.time.Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Launches.cluster().resources(io.rocketexpress.model.launch.Launch.class)
                .inNamespace(io.rocketexpress.gateway.InProcessCluster.NAMESPACE).withName(launch).edit(l -> {
                    l.getSpec().getWindow().setOpensAt(opens.toString());
                    l.getSpec().getWindow().setClosesAt(opens.plusSeconds(1800).toString());
                    return l;
                });
    }

    /** The parcel's statuses through the partner API, oldest first. */
    java.util.List<String> timeline() {
        return Bookings.timeline(key, trackingNumber);
    }

    /** The last-mile partner's report. */
    void report(String status, String recipient, String proof) {
        given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(recipient == null ? Map.of("status", status)
                        : Map.of("status", status, "recipient", recipient, "proof", proof))
                .post("/v1/tracking/" + trackingNumber + "/events")
                .then().statusCode(200);
    }

    /** The number with one character mistyped: the check character catches it. */
    String mistyped() {
        char[] chars = trackingNumber.toCharArray();
        int at = 8;
        String alphabet = TrackingNumber.RANDOM_ALPHABET;
        chars[at] = alphabet.charAt((alphabet.indexOf(chars[at]) + 1) % alphabet.length());
        return new String(chars);
    }
}
