package io.rocketexpress.gateway.peer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** A gateway answers tracking numbers of other regions by asking their gateways, and never hangs on them. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class PeerTrackingTest {

    private static final String PROBLEMS = "https://api.rocketexpress.io/problems/";

    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    CircuitBreakerMaintenance breakers;

    @TestHTTPResource("/")
    URI gateway;

    private String partner;
    private String key;

    @BeforeEach
    void partnerAndFreshPeers() {
        // A name no header could carry as it is: it travels URL-encoded.
        partner = "Comète Couriers " + UUID.randomUUID();
        key = PeerPartners.create(partner);
        PeerNetwork.answering().reset();
        PeerNetwork.failing().reset();
        PeerNetwork.hanging().reset();
        breakers.resetAll();
    }

    @Test
    void foreignNumberIsAnsweredByItsRegionsGatewayForThePartnerWithThePeerKey() {
        String number = number(PeerNetwork.ANSWERING);
        PeerNetwork.answering().answer(StubGateway.json(200, view(number)));
        String typed = number.substring(0, 3).toLowerCase() + "-" + number.substring(3);

        given().auth().oauth2(key).get("/v1/tracking/" + typed)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("trackingNumber", equalTo(number))
                .body("status", equalTo("LANDED"))
                .body("origin", equalTo(PeerNetwork.ANSWERING))
                .body("events[1].region", equalTo("hangzhou"))
                .body("events[1].at", equalTo("2026-12-01T08:25:00Z"));

        assertThat(PeerNetwork.answering().received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/v1/tracking/" + number);
            assertThat(request.header("Authorization")).as("no shared key travels").isNull();
            assertSignedByThisRegion(request);
            assertThat(OnBehalfOf.decode(request.header(OnBehalfOf.HEADER))).isEqualTo(partner);
            assertThat(request.header(OnBehalfOf.HEADER)).matches("[\\x21-\\x7e]+");
        });
    }

    @Test
    void peersProblemsReachThePartnerAsTheyCame() {
        String number = number(PeerNetwork.ANSWERING);
        String notFound = "{\"type\":\"" + PROBLEMS + "not-found\",\"title\":\"No such resource\",\"status\":404,"
                + "\"detail\":\"you have no parcel " + number + "\",\"instance\":\"/v1/tracking/" + number + "\"}";
        PeerNetwork.answering().answer(StubGateway.status(404, "application/problem+json", notFound, Map.of()));

        given().auth().oauth2(key).get("/v1/tracking/" + number)
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "not-found"))
                .body("detail", equalTo("you have no parcel " + number));

        String limited = "{\"type\":\"" + PROBLEMS + "rate-limited\",\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"partner exceeded 50 requests per second\"}";
        PeerNetwork.answering().answer(StubGateway.status(429, "application/problem+json", limited,
                Map.of("Retry-After", "3")));

        given().auth().oauth2(key).get("/v1/tracking/" + number)
                .then().statusCode(429)
                .header("Retry-After", equalTo("3"))
                .body("type", equalTo(PROBLEMS + "rate-limited"));
        assertThat(PeerNetwork.answering().received()).as("a 4xx is an answer, not a failure to retry").hasSize(2);
    }

    @Test
    void hangingPeerIsAnswered503WithRetryAfterWithinTheTimeout() {
        long started = System.nanoTime();

        given().auth().oauth2(key).get("/v1/tracking/" + number(PeerNetwork.HANGING))
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("7"))
                .body("type", equalTo(PROBLEMS + "unavailable"))
                .body("detail", containsString("the gateway of region hanging did not answer within 1 s"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within about the 1 s timeout")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(PeerNetwork.hanging().received()).as("a timeout is not tried again").hasSize(1);
    }

    @Test
    void unreachablePeerIsAnswered503WithRetryAfter() {
        given().auth().oauth2(key).get("/v1/tracking/" + number(PeerNetwork.DOWN))
                .then().statusCode(503)
                .header("Retry-After", equalTo("7"))
                .body("type", equalTo(PROBLEMS + "unavailable"))
                .body("detail", containsString("the gateway of region down cannot be reached"));
    }

    @Test
    void failingPeerOpensItsOwnBreakerAndIsSparedWhileOthersAreStillAsked() {
        String failing = number(PeerNetwork.FAILING);

        lookup(failing).then().statusCode(503).body("detail", containsString("answered HTTP 500"));
        assertThat(PeerNetwork.failing().received()).as("a lookup is tried again after a 5xx").hasSize(3);
        lookup(failing).then().statusCode(503);
        int calls = PeerNetwork.failing().received().size();

        for (int i = 0; i < 3; i++) {
            lookup(failing).then().statusCode(503)
                    .header("Retry-After", equalTo("7"))
                    .body("detail", containsString("the gateway of region failing is failing; calls to it are paused"));
        }
        assertThat(PeerNetwork.failing().received()).as("calls while the breaker is open").hasSize(calls);

        String answered = number(PeerNetwork.ANSWERING);
        PeerNetwork.answering().answer(StubGateway.json(200, view(answered)));
        lookup(answered).then().statusCode(200).body("trackingNumber", equalTo(answered));
    }

    @Test
    void failingStreamsOpenABreakerOfTheirOwnAndLookupsAreStillAsked() {
        String failing = number(PeerNetwork.FAILING);
        String paused = "the gateway of region failing is failing; calls to it are paused";
        List<String> details = new ArrayList<>();
        while (details.size() < 5 && !details.contains(paused + "; retry after the time in Retry-After")) {
            details.add(given().auth().oauth2(key).accept("text/event-stream")
                    .get("/v1/tracking/" + failing + "/events")
                    .then().statusCode(503).extract().path("detail"));
        }
        assertThat(details.get(0)).contains("answered HTTP 500");
        assertThat(details).as("streams that keep failing are paused").last().asString().startsWith(paused);
        int calls = PeerNetwork.failing().received().size();

        lookup(failing).then().statusCode(503).body("detail", containsString("answered HTTP 500"));
        assertThat(PeerNetwork.failing().received()).as("a lookup still reaches the peer").hasSizeGreaterThan(calls);
    }

    @Test
    void reportIsForwardedOnceAndNotAgainWhenThePeerMayHaveRecordedIt() {
        String number = number(PeerNetwork.ANSWERING);
        PeerNetwork.answering().answer(StubGateway.json(200, view(number)));

        report(number, "{\"status\":\"DELIVERED\",\"recipient\":\"Li Wei\",\"proof\":\"photo:7f3a9c\"}")
                .then().statusCode(200).body("trackingNumber", equalTo(number));

        assertThat(PeerNetwork.answering().received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/tracking/" + number + "/events");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertSignedByThisRegion(request);
            assertThat(request.body()).contains("\"status\":\"DELIVERED\"", "\"recipient\":\"Li Wei\"",
                    "\"proof\":\"photo:7f3a9c\"");
        });

        report(number(PeerNetwork.FAILING), "{\"status\":\"OUT_FOR_DELIVERY\"}")
                .then().statusCode(503).header("Retry-After", equalTo("7"));
        assertThat(PeerNetwork.failing().received()).as("a report that reached the peer is not sent again")
                .hasSize(1);
    }

    @Test
    void streamOfAForeignParcelIsRelayedFromItsRegionAndLetGoWhenThePartnerLeaves() throws Exception {
        String number = number(PeerNetwork.ANSWERING);
        String landed = "{\"status\":\"LANDED\",\"at\":\"2026-12-01T08:25:00Z\",\"region\":\"hangzhou\",\"detail\":null}";
        String recovered = "{\"status\":\"RECOVERED\",\"at\":\"2026-12-01T09:10:00Z\",\"region\":\"hangzhou\","
                + "\"detail\":\"unloaded\"}";
        PeerNetwork.answering().answer(PeerNetwork.answering().events(
                "id: 7\nevent: tracking\ndata: " + landed + "\n\n",
                ": keep-alive\n\n",
                "id: 8\r\nevent: tracking\r\ndata: " + recovered + "\r\n\r\n"));

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(gateway.resolve("/v1/tracking/" + number
                        + "/events"))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "6")
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (line.startsWith("data:") && line.contains("RECOVERED")) {
                    break;
                }
            }
        }
        assertThat(lines).containsSubsequence("id:7", "event:tracking", "data:" + landed, "")
                .containsSubsequence("id:8", "event:tracking", "data:" + recovered);
        assertThat(PeerNetwork.answering().received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v1/tracking/" + number + "/events");
            assertThat(request.header("Accept")).isEqualTo("text/event-stream");
            assertThat(request.header("Last-Event-ID")).isEqualTo("6");
            assertThat(OnBehalfOf.decode(request.header(OnBehalfOf.HEADER))).isEqualTo(partner);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(PeerNetwork.answering().streamLeft()).as("the peer's stream was let go").isTrue());
    }

    @Test
    void streamIsAnsweredAProblemRatherThanBegunWhenThePeerCannotStreamIt() {
        given().auth().oauth2(key).accept("text/event-stream").get("/v1/tracking/" + number(PeerNetwork.DOWN) + "/events")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .header("Retry-After", equalTo("7"))
                .body("detail", containsString("the gateway of region down cannot be reached"));

        String number = number(PeerNetwork.ANSWERING);
        PeerNetwork.answering().answer(StubGateway.status(404, "application/problem+json",
                "{\"type\":\"" + PROBLEMS + "not-found\",\"status\":404,\"detail\":\"you have no parcel " + number
                        + "\"}", Map.of()));
        given().auth().oauth2(key).accept("text/event-stream").get("/v1/tracking/" + number + "/events")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("you have no parcel " + number));

        long started = System.nanoTime();
        given().auth().oauth2(key).accept("text/event-stream").get("/v1/tracking/" + number(PeerNetwork.HANGING)
                        + "/events")
                .then().statusCode(503).body("detail", containsString("did not answer within 1 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void numberOfAnUnknownRegionIsNotFoundAndOfARegionWithoutAGatewayHereIsUnavailable() {
        given().auth().oauth2(key).get("/v1/tracking/" + TrackingNumber.generate("ZZZ", random))
                .then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "not-found"))
                .body("detail", containsString("no region of the network has code ZZZ"));

        given().auth().oauth2(key).get("/v1/tracking/" + number(PeerNetwork.UNLINKED))
                .then().statusCode(503)
                .header("Retry-After", equalTo("7"))
                .body("type", equalTo(PROBLEMS + "unavailable"))
                .body("detail", containsString("no gateway of region unlinked is configured here"));
    }

    private Response lookup(String number) {
        return given().auth().oauth2(key).get("/v1/tracking/" + number);
    }

    private Response report(String number, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body)
                .post("/v1/tracking/" + number + "/events");
    }

    private String number(String region) {
        return TrackingNumber.generate(PeerNetwork.CODES.get(region), random).toString();
    }

    /** A tracking view as a peer on a newer version might answer it, with a field this gateway does not know. */
    private static String view(String number) {
        return "{\"trackingNumber\":\"" + number + "\",\"status\":\"LANDED\",\"origin\":\"answering\","
                + "\"destination\":\"hangzhou\",\"flight\":\"ans-hgh-0800\",\"carbonKg\":1.5,\"events\":["
                + "{\"status\":\"BOOKED\",\"at\":\"2026-12-01T07:00:00Z\",\"region\":\"answering\",\"detail\":null},"
                + "{\"status\":\"LANDED\",\"at\":\"2026-12-01T08:25:00Z\",\"region\":\"hangzhou\",\"detail\":null}]}";
    }

    /** The request carries a signature under this region's key that matches what arrived. */
    private static void assertSignedByThisRegion(StubGateway.Received request) {
        PeerSignature.Parsed signature = PeerSignature.parse(request.header(PeerSignature.HEADER));
        assertThat(signature.keyId()).isEqualTo(PeerSigning.OWN.keyId());
        assertThat(PeerSignature.check(signature, PeerSigning.OWN, request.method(), request.pathAndQuery(),
                request.header(OnBehalfOf.HEADER), Instant.now(),
                request.body() == null ? null : request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEmpty();
    }
}
