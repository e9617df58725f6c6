package io.rocketexpress.gateway.partner;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RateLimitTest {

    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.rate-limit.requests-per-second", "1",
                    "rocketexpress.gateway.rate-limit.burst", "2");
        }
    }

    @Test
    void partnerOverItsLimitIsAnswered429WithRetryAfterWhileOthersGoOn() {
        String busy = Partners.newPartnerKey();
        String calm = Partners.newPartnerKey();

        given().auth().oauth2(busy).when().get("/v1/flights").then().statusCode(200);
        int status = 200;
        for (int i = 0; i < 20 && status == 200; i++) {
            status = given().auth().oauth2(busy).when().get("/v1/flights").statusCode();
        }
        assertThat(status).as("a partner sending 20 requests at once with a burst of 2").isEqualTo(429);
        given().auth().oauth2(busy).when().get("/v1/flights")
                .then().statusCode(429)
                .header("Retry-After", equalTo("1"))
                .contentType("application/problem+json")
                .body("type", equalTo("https://api.rocketexpress.io/problems/rate-limited"))
                .body("detail", containsString("exceeded 1 requests per second"));

        given().auth().oauth2(calm).when().get("/v1/flights").then().statusCode(200);
    }
}
