package io.rocketexpress.gateway.flight;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.model.launch.LaunchPhase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class FlightScheduleTest {

    @Inject
    FlightSchedule schedule;

    private String key;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    @Test
    void scheduleListsUpcomingFlightsOfARouteEarliestFirstWithWhatIsLeft() throws Throwable {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        put(plan("later-" + tag, "hangzhou", "liege", now.plus(Duration.ofHours(3)), LaunchPhase.Scheduled));
        put(plan("sooner-" + tag, "hangzhou", "liege", now.plus(Duration.ofHours(2)), LaunchPhase.Scheduled));
        put(plan("gone-" + tag, "hangzhou", "liege", now.minus(Duration.ofHours(2)), LaunchPhase.Completed));
        put(plan("elsewhere-" + tag, "hangzhou", "dubai", now.plus(Duration.ofHours(2)), LaunchPhase.Scheduled));

        given().auth().oauth2(key).queryParam("origin", "hangzhou").queryParam("destination", "liege")
                .when().get("/v1/flights")
                .then().statusCode(200)
                .body("findAll { it.id.endsWith('" + tag + "') }.id", contains("sooner-" + tag, "later-" + tag))
                .body("find { it.id == 'sooner-" + tag + "' }.remainingKg", equalTo(10000.0f))
                .body("find { it.id == 'sooner-" + tag + "' }.remainingM3", equalTo(120.0f))
                .body("find { it.id == 'sooner-" + tag + "' }.onSale", equalTo(true))
                .body("id", not(hasItem("elsewhere-" + tag)));
    }

    @Test
    void updatingAFlightKeepsWhatIsBookedAndShowsTheNewWindow() throws Throwable {
        Instant opens = Instant.now().plus(Duration.ofHours(4)).truncatedTo(ChronoUnit.SECONDS);
        put(plan("moved-" + tag, "dubai", "kuala-lumpur", opens, LaunchPhase.Pending));
        put(plan("moved-" + tag, "dubai", "kuala-lumpur", opens.plus(Duration.ofHours(1)), LaunchPhase.Scrubbed));

        given().auth().oauth2(key).queryParam("origin", "dubai")
                .when().get("/v1/flights")
                .then().statusCode(200)
                .body("find { it.id == 'moved-" + tag + "' }.opensAt", equalTo(opens.plus(Duration.ofHours(1)).toString()))
                .body("find { it.id == 'moved-" + tag + "' }.phase", equalTo("Scrubbed"))
                .body("find { it.id == 'moved-" + tag + "' }.onSale", equalTo(false));
    }

    @Test
    void unknownRegionIsABadRequestNamingTheKnownOnes() {
        given().auth().oauth2(key).queryParam("origin", "atlantis")
                .when().get("/v1/flights")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("origin"))
                .body("detail", containsString("unknown region 'atlantis'"))
                .body("detail", containsString("hangzhou"));
    }

    private void put(FlightPlan plan) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> schedule.put(plan));
    }

    static FlightPlan plan(String id, String origin, String destination, Instant opens, LaunchPhase phase) {
        return new FlightPlan(id, origin, destination, opens, opens.plus(Duration.ofMinutes(30)),
                opens.minus(Duration.ofMinutes(30)), 10_000, 120, phase);
    }
}
