package io.rocketexpress.gateway.peer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.model.tracking.TrackingNumber;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A gateway without peer keys keeps to its own region: it neither forwards nor takes requests. */
@QuarkusTest
@TestProfile(WithoutPeerKeyTest.NoPeerKey.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PeerNetwork.class, restrictToAnnotatedClass = false)
class WithoutPeerKeyTest {

    public static class NoPeerKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.peer-credential.key-id", "",
                    "rocketexpress.gateway.peer-credential.secret", "",
                    "rocketexpress.peers." + PeerNetwork.ANSWERING + ".credentials", "");
        }
    }

    @Test
    void foreignNumbersAreUnavailableAndPeerRequestsRefused() {
        String key = Partners.newPartnerKey();
        String elsewhere = TrackingNumber.generate(PeerNetwork.CODES.get(PeerNetwork.ANSWERING), new SecureRandom())
                .toString();
        PeerNetwork.answering().reset();

        given().auth().oauth2(key).get("/v1/tracking/" + elsewhere)
                .then().statusCode(503)
                .header("Retry-After", equalTo("7"))
                .body("detail", containsString("cannot forward to it: it has no peer key"));
        given().filter(PeerSigning.signedWith(PeerSigning.ANSWERING_NEW)).header(OnBehalfOf.HEADER, "anyone")
                .get("/v1/tracking/" + elsewhere)
                .then().statusCode(401)
                .body("detail", containsString("accepts no requests from other gateways: no region's peer key is"));
        assertThat(PeerNetwork.answering().received()).isEmpty();
    }
}
