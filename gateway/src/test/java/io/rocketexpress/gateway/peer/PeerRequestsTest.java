package io.rocketexpress.gateway.peer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.model.tracking.TrackingNumber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rocketexpress.gateway.peer.PeerTrackingTest.PEER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What another region's gateway may ask this one for a partner, with the network's peer key, and no more. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class PeerRequestsTest {

    @Inject
    FlightSales sales;

    private String partner;
    private String number;

    @BeforeEach
    void partnerWithAParcelHere() {
        Flights.offer(sales, Flights.id("peered"), "hangzhou", "outpost-u", Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
        partner = "Liège Last Mile " + UUID.randomUUID();
        String key = PeerPartners.create(partner);
        number = Bookings.book(key, "outpost-u", 1, 4).<List<String>>path("parcels.trackingNumber").get(0);
        PeerNetwork.answering().reset();
    }

    @Test
    void peerKeyWithThePartnersNameReadsAndReportsThatPartnersParcel() {
        fromPeer(partner).get("/v1/tracking/" + number)
                .then().statusCode(200)
                .body("trackingNumber", equalTo(number))
                .body("status", equalTo("BOOKED"));

        fromPeer(partner).contentType(ContentType.JSON).body("{\"status\":\"OUT_FOR_DELIVERY\"}")
                .post("/v1/tracking/" + number + "/events")
                .then().statusCode(409)
                .body("detail", containsString("is BOOKED"));
    }

    @Test
    void anotherPartnersParcelOrAPartnerUnknownHereIsNotFound() {
        String other = "other " + UUID.randomUUID();
        PeerPartners.create(other);

        fromPeer(other).get("/v1/tracking/" + number)
                .then().statusCode(404)
                .body("detail", equalTo("you have no parcel " + number));
        fromPeer("nobody " + UUID.randomUUID()).get("/v1/tracking/" + number)
                .then().statusCode(404)
                .body("detail", containsString("has no account in this region (hangzhou), so no parcel here"));
    }

    @Test
    void wrongOrIncompletePeerCredentialsAreUnauthenticated() {
        given().auth().oauth2("not-the-peer-key").header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner))
                .get("/v1/tracking/" + number)
                .then().statusCode(401)
                .contentType(ContentType.fromContentType("application/problem+json"))
                .body("detail", containsString("with the network's peer key; this is not it"));
        given().auth().oauth2(PEER_KEY).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("names its partner in the RocketExpress-Partner header"));
    }

    @Test
    void peerKeyOpensTrackingOnly() {
        fromPeer(partner).get("/v1/bookings").then().statusCode(403)
                .body("type", equalTo("https://api.rocketexpress.io/problems/forbidden"))
                .body("detail", equalTo("the peer key is accepted on /v1/tracking only"));
        fromPeer(partner).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Bookings.shipment("outpost-u", 1, 4)).post("/v1/bookings").then().statusCode(403);
        fromPeer(partner).get("/v1/flights").then().statusCode(403);
        fromPeer(partner).get("/admin/partners").then().statusCode(401);
    }

    @Test
    void lookupForwardedByAnotherGatewayIsNeverForwardedAgain() {
        String elsewhere = TrackingNumber.generate(PeerNetwork.CODES.get(PeerNetwork.ANSWERING), new SecureRandom())
                .toString();

        fromPeer(partner).get("/v1/tracking/" + elsewhere)
                .then().statusCode(404)
                .body("detail", containsString("a lookup forwarded by another gateway is not forwarded again"));
        fromPeer(partner).accept("text/event-stream").get("/v1/tracking/" + elsewhere + "/events")
                .then().statusCode(404);
        assertThat(PeerNetwork.answering().received()).isEmpty();
    }

    private static RequestSpecification fromPeer(String partnerName) {
        return given().auth().oauth2(PEER_KEY).header(OnBehalfOf.HEADER, OnBehalfOf.encode(partnerName));
    }
}
