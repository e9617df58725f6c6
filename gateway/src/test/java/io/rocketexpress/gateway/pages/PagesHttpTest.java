package io.rocketexpress.gateway.pages;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.gateway.peer.PeerNetwork;
import io.rocketexpress.gateway.peer.PeerSigning;
import io.rocketexpress.gateway.peer.StubGateway;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The public pages over plain HTTP: no key, no partner data, other regions through their gateways. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class PagesHttpTest {

    static final String NOT_FOUND = "We cannot show a parcel with this number.";

    @Inject
    CircuitBreakerMaintenance breakers;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI gateway;

    @BeforeEach
    void freshPeers() {
        PeerNetwork.answering().reset();
        breakers.resetAll();
    }

    @AfterEach
    void resetPeers() {
        PeerNetwork.answering().reset();
    }

    @Test
    void boardNeedsNoKeyAndShowsNoPartnerData() {
        Shipments shipment = Shipments.book("pages-a");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/board")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("data-flight=\"" + shipment.launch() + "\""))
                .body(not(containsString(shipment.partner())))
                .body(not(containsString(shipment.trackingNumber()))));
    }

    @Test
    void arrivalsOfARegionWhoseGatewayIsDownSayUnavailableWhileTheOthersShow() {
        String arriving = Launches.name("ans-lnch");
        PeerDepartures.answeringLists(arriving, Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/board")
                .then().statusCode(200)
                .body(containsString("data-flight=\"" + arriving + "\""))
                .body(containsString("Arrivals from Down cannot be shown right now."))
                .body(containsString("Arrivals from Failing cannot be shown right now."))
                .body(not(containsString("Arrivals from Answering cannot be shown right now."))));
        assertThat(PeerNetwork.answering().received()).anySatisfy(request -> {
            assertThat(request.path()).isEqualTo("/v1/peer/departures");
            assertThat(request.header("Authorization")).isNull();
            assertThat(PeerSigning.signedByThisRegion(request)).isTrue();
            assertThat(request.header(OnBehalfOf.HEADER)).isNull();
        });
    }

    @Test
    void departuresAreReadByPeersSigningWithTheirKeyOnly() {
        Shipments shipment = Shipments.book("pages-b");

        given().get("/v1/peer/departures").then().statusCode(401);
        given().auth().oauth2(shipment.key()).get("/v1/peer/departures").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        given().filter(PeerSigning.signedWith(PeerSigning.ANSWERING_NEW)).queryParam("destination", "pages-b").get("/v1/peer/departures")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("flight", hasItem(shipment.launch()))
                .body("find { it.flight == '" + shipment.launch() + "' }.destination", equalTo("pages-b"))
                .body(not(containsString(shipment.partner())));
    }

    @Test
    void aNumberOfAnotherRegionIsShownFromThatRegionsGateway() {
        String number = TrackingNumber.generate(PeerNetwork.CODES.get(PeerNetwork.ANSWERING), new SecureRandom()).toString();
        PeerNetwork.answering().answer(StubGateway.json(200, """
                {"trackingNumber":"%s","status":"LAUNCHED","origin":"answering","destination":"hangzhou",
                 "estimatedDeliveryAt":"2026-12-01T09:00:00Z","lastEvent":7,"newerField":true,
                 "events":[{"status":"BOOKED","at":"2026-12-01T07:00:00Z","region":"answering"},
                           {"status":"LAUNCHED","at":"2026-12-01T08:00:00Z","region":"answering"}]}"""
                .formatted(number)));

        given().get("/track/" + number).then().statusCode(200)
                .body(containsString("data-status=\"LAUNCHED\""))
                .body(containsString("datetime=\"2026-12-01T09:00:00Z\""));
        assertThat(PeerNetwork.answering().received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v1/peer/parcels/" + number);
            assertThat(request.header("Authorization")).isNull();
            assertThat(PeerSigning.signedByThisRegion(request)).isTrue();
            assertThat(request.header(OnBehalfOf.HEADER)).isNull();
        });
    }

    @Test
    void anUnknownNumberGetsTheSameAnswerAsOneItsRegionKeepsPrivate() {
        String unknown = TrackingNumber.generate("HGH", new SecureRandom()).toString();
        String foreign = TrackingNumber.generate(PeerNetwork.CODES.get(PeerNetwork.ANSWERING), new SecureRandom()).toString();
        PeerNetwork.answering().answer(StubGateway.status(404, "application/problem+json", "{}", Map.of()));

        String here = given().get("/track/" + unknown).then().statusCode(404)
                .body(containsString(NOT_FOUND)).extract().asString();
        String there = given().get("/track/" + foreign).then().statusCode(404)
                .body(containsString(NOT_FOUND)).extract().asString();
        assertThat(there.replace(foreign, unknown)).isEqualTo(here);
    }

    @Test
    void aNumberOfARegionWhoseGatewayIsDownSaysTryLater() {
        String number = TrackingNumber.generate(PeerNetwork.CODES.get(PeerNetwork.DOWN), new SecureRandom()).toString();

        given().get("/track/" + number).then().statusCode(503)
                .body(containsString("cannot be shown right now"));
    }

    @Test
    void aTypoIsCaughtWithAFriendlyMessage() {
        Shipments shipment = Shipments.book("pages-d");

        given().queryParam("number", shipment.mistyped()).get("/track").then().statusCode(400)
                .contentType(startsWith("text/html"))
                .body(containsString("This number does not look right"));
        given().redirects().follow(false).queryParam("number", shipment.trackingNumber().toLowerCase())
                .get("/track").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/track/" + shipment.trackingNumber()));
    }

    @Test
    void theParcelsStreamSendsItsJourneyRenderedAndEachChange() throws Exception {
        Shipments shipment = Shipments.book("pages-f");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = http.send(java.net.http.HttpRequest
                        .newBuilder(gateway.resolve("/track/" + shipment.trackingNumber() + "/events"))
                        .header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = stream.body().iterator();
        assertThat(lines.next()).isEqualTo("event:parcel");
        assertThat(lines.next()).startsWith("data:{\"html\":").contains("data-status=\\\"BOOKED\\\"");
        shipment.closeSales();
        String change = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            String next = lines.next();
            while (!next.startsWith("data:")) {
                next = lines.next();
            }
            return next;
        });
        assertThat(change).contains("data-status=\\\"MANIFESTED\\\"");
        stream.body().close();
    }

    @Test
    void theParcelPageShowsNoPartnerRecipientOrBookingData() {
        Shipments shipment = Shipments.book("pages-e");

        String page = given().get("/track/" + shipment.trackingNumber()).then().statusCode(200)
                .contentType(startsWith("text/html")).extract().asString();
        assertThat(page).contains(shipment.trackingNumber()).doesNotContain(shipment.partner())
                .doesNotContain(shipment.launch()).doesNotContain("price").doesNotContain("detail");
        String json = given().filter(PeerSigning.signedWith(PeerSigning.ANSWERING_NEW)).get("/v1/peer/parcels/" + shipment.trackingNumber())
                .then().statusCode(200).extract().asString();
        assertThat(json).doesNotContain(shipment.partner()).doesNotContain(shipment.launch()).doesNotContain("detail");
    }
}
