package io.rocketexpress.gateway.peer;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartnerShareTest {

    private final PartnerShare share = new PartnerShare("dubai", 2, Duration.ofSeconds(30));
    private final List<UniEmitter<? super String>> pending = new ArrayList<>();

    private Uni<String> call() {
        return Uni.createFrom().emitter(pending::add);
    }

    private UniAssertSubscriber<String> run(String partner) {
        return share.run(partner, this::call).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void aPartnerWithItsShareInFlightIsToldToWaitWhileOthersGoOn() {
        run("acme");
        run("acme");

        ProblemException refused = (ProblemException) run("acme").assertFailedWith(ProblemException.class)
                .getFailure();
        assertThat(refused.type()).isEqualTo(ProblemType.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("you have 2 calls to the gateway of region dubai in flight");
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(pending).as("the refused call was never made").hasSize(2);

        run("globex").assertNotTerminated();
        assertThat(pending).hasSize(3);
    }

    @Test
    void anAnswerAFailureOrALeavingPartnerGivesTheRoomBack() {
        UniAssertSubscriber<String> first = run("acme");
        run("acme");
        pending.get(0).complete("answer");
        first.assertItem("answer");
        assertThat(share.inFlight("acme")).isEqualTo(1);

        pending.get(1).fail(new IllegalStateException("peer failed"));
        assertThat(share.inFlight("acme")).isZero();

        UniAssertSubscriber<String> leaving = run("acme");
        run("acme");
        leaving.cancel();
        assertThat(share.inFlight("acme")).isEqualTo(1);
        run("acme").assertNotTerminated();
    }
}
