package io.rocketexpress.gateway.pages;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.gateway.peer.PeerNetwork;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** A region that keeps tracking private and limits visitors tightly. */
@QuarkusTest
@TestProfile(PagesLockedDownTest.LockedDown.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class PagesLockedDownTest {

    static final int BURST = 5;
    static final String OFF = "Parcel tracking is available through the company that sent your parcel.";

    public static class LockedDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.pages.public-tracking", "false",
                    "rocketexpress.gateway.pages.rate-limit.requests-per-second", "1",
                    "rocketexpress.gateway.pages.rate-limit.burst", Integer.toString(BURST));
        }
    }

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void withPublicTrackingOffThePagesSendVisitorsToThePartner() {
        Shipments shipment = Shipments.book("pages-a");

        given().get("/track").then().statusCode(200)
                .body(containsString(OFF))
                .body(not(containsString("<form")));
        given().get("/track/" + shipment.trackingNumber()).then().statusCode(404)
                .body(containsString(OFF))
                .body(not(containsString("data-status")));
        given().filter(io.rocketexpress.gateway.peer.PeerSigning.signedWith(
                io.rocketexpress.gateway.peer.PeerSigning.ANSWERING_NEW)).get("/v1/peer/parcels/" + shipment.trackingNumber())
                .then().statusCode(404);
    }

    @Test
    void pagesAreRateLimitedPerClientAddress() throws IOException {
        InetAddress busy = InetAddress.getByName("127.0.0.2");
        InetAddress other = InetAddress.getByName("127.0.0.3");
        String answer = "";
        // A burst well above the sustained rate: a slow machine refills a token now and then meanwhile.
        for (int i = 0; i < 10 * BURST && !answer.startsWith("HTTP/1.1 429"); i++) {
            answer = get(busy, "/track");
        }
        assertThat(answer).startsWith("HTTP/1.1 429");
        assertThat(answer.toLowerCase()).contains("retry-after: ").contains("content-type: application/problem+json");
        assertThat(get(other, "/track")).startsWith("HTTP/1.1 200");
        // The partner API is not counted against the pages' limit: it answers for itself.
        assertThat(get(busy, "/v1/flights")).startsWith("HTTP/1.1 4").doesNotStartWith("HTTP/1.1 429");
    }

    /** A GET over a connection from the given local address, so the gateway sees that client address. */
    private String get(InetAddress from, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), gateway.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
