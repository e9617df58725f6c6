package io.rocketexpress.gateway.problem;

import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the REST layer's last mapper and the routes ahead of it answer for a failure. */
class ProblemExplanationTest {

    private static final Duration RETRY = Duration.ofMillis(2_500);

    @Test
    void aProblemIsAnsweredAsItIs() {
        ProblemException problem = ProblemException.notFound("you have no parcel HGH1");

        assertThat(ProblemMappers.explain(problem, "GET", "/v1/tracking/HGH1", RETRY)).isSameAs(problem);
    }

    @Test
    void theDatabaseOutOfReachIsUnavailableForAWhile() {
        ProblemException problem = ProblemMappers.explain(ClosedConnectionException.INSTANCE, "GET",
                "/v1/bookings/1", RETRY);

        assertThat(problem.type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(problem.getMessage()).startsWith("this region's database cannot be reached just now");
        assertThat(problem.retryAfterSeconds()).contains("3");
    }

    @Test
    void anythingElseIsInternalWithAReferenceAndNoDetailOfTheFailure() {
        ProblemException problem = ProblemMappers.explain(new IllegalStateException("secret internals"), "GET",
                "/v1/flights", RETRY);

        assertThat(problem.type()).isEqualTo(ProblemType.INTERNAL);
        assertThat(problem.getMessage()).matches("an unexpected error occurred; quote reference [0-9a-f-]{36} to"
                + " Rocket Express support").doesNotContain("secret");
        assertThat(problem.retryAfterSeconds()).isEmpty();
    }
}
