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
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What another region's gateway may ask this one for a partner, signed with its region's key, and no more. */
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
    void aSignedRequestNamingThePartnerReadsAndReportsThatPartnersParcelUnderEitherKeyOfARotation() {
        for (PeerSignature.Credential key : List.of(PeerSigning.ANSWERING_OLD, PeerSigning.ANSWERING_NEW)) {
            fromPeer(partner, key).get("/v1/tracking/" + number)
                    .then().statusCode(200)
                    .body("trackingNumber", equalTo(number))
                    .body("status", equalTo("BOOKED"));
        }
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
    void unsignedOrWronglySignedRequestsAreUnauthenticated() {
        given().header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner)).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .contentType(ContentType.fromContentType("application/problem+json"))
                .body("detail", containsString("comes from Rocket Express gateways only, on requests signed"));
        given().filter(PeerSigning.signedWith(PeerSigning.ANSWERING_NEW)).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("names its partner in the RocketExpress-Partner header"));

        PeerSignature.Credential unknown = new PeerSignature.Credential("answering-2099-01",
                PeerSigning.ANSWERING_NEW.secret());
        fromPeer(partner, unknown).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("peer key answering-2099-01 is not one this gateway accepts"));
        PeerSignature.Credential forged = new PeerSignature.Credential(PeerSigning.ANSWERING_NEW.keyId(),
                "a-secret-that-is-not-the-regions-one");
        fromPeer(partner, forged).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("the signature does not match the request"));
        given().filter(PeerSigning.signedWith(PeerSigning.ANSWERING_NEW, Instant.now().minus(Duration.ofMinutes(6))))
                .header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner)).get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("away from this gateway's clock; at most 300 s"));
        given().header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner)).header(PeerSignature.HEADER, "v1=abc")
                .get("/v1/tracking/" + number)
                .then().statusCode(401)
                .body("detail", containsString("the RocketExpress-Signature header"));
    }

    @Test
    void aSignatureCoversThePartnerThePathAndTheBody() {
        String signed = PeerSignature.sign(PeerSigning.ANSWERING_NEW, "POST", "/v1/tracking/" + number + "/events",
                OnBehalfOf.encode(partner), Instant.now(),
                "{\"status\":\"LOST\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner)).header(PeerSignature.HEADER, signed)
                .contentType(ContentType.JSON).body("{\"status\":\"OUT_FOR_DELIVERY\"}")
                .post("/v1/tracking/" + number + "/events")
                .then().statusCode(401).body("detail", containsString("does not match"));
        given().header(OnBehalfOf.HEADER, OnBehalfOf.encode("someone else")).header(PeerSignature.HEADER, signed)
                .contentType(ContentType.JSON).body("{\"status\":\"LOST\"}")
                .post("/v1/tracking/" + number + "/events")
                .then().statusCode(401).body("detail", containsString("does not match"));
        given().header(OnBehalfOf.HEADER, OnBehalfOf.encode(partner)).header(PeerSignature.HEADER, signed)
                .contentType(ContentType.JSON).body("{\"status\":\"LOST\"}")
                .post("/v1/tracking/" + number + "/events?x=1")
                .then().statusCode(401).body("detail", containsString("does not match"));
    }

    @Test
    void peersForwardTrackingLookupsStreamsAndReportsOnly() {
        String forbidden = "other regions' gateways may forward tracking lookups, streams and last-mile reports";
        fromPeer(partner).get("/v1/bookings").then().statusCode(403)
                .body("type", equalTo("https://api.rocketexpress.io/problems/forbidden"))
                .body("detail", containsString(forbidden));
        fromPeer(partner).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Bookings.shipment("outpost-u", 1, 4)).post("/v1/bookings").then().statusCode(403);
        fromPeer(partner).get("/v1/flights").then().statusCode(403);
        fromPeer(partner).post("/v1/tracking/" + number).then().statusCode(403);
        fromPeer(partner).get("/admin/partners").then().statusCode(403);
    }

    @Test
    void aSuspendedPartnersForwardedCallsAreRefused() {
        String suspended = "Suspended Shippers " + UUID.randomUUID();
        String key = PeerPartners.create(suspended);
        String parcel = Bookings.book(key, "outpost-u", 1, 2).<List<String>>path("parcels.trackingNumber").get(0);
        String id = given().auth().oauth2(io.rocketexpress.gateway.Partners.ADMIN_KEY).get("/admin/partners")
                .then().extract().path("find { it.name == '" + suspended + "' }.id");
        given().auth().oauth2(io.rocketexpress.gateway.Partners.ADMIN_KEY).post("/admin/partners/" + id + "/suspend")
                .then().statusCode(200);

        fromPeer(suspended).get("/v1/tracking/" + parcel)
                .then().statusCode(403)
                .body("detail", containsString("is suspended"));
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
        return fromPeer(partnerName, PeerSigning.ANSWERING_NEW);
    }

    private static RequestSpecification fromPeer(String partnerName, PeerSignature.Credential key) {
        return given().filter(PeerSigning.signedWith(key)).header(OnBehalfOf.HEADER, OnBehalfOf.encode(partnerName));
    }
}
