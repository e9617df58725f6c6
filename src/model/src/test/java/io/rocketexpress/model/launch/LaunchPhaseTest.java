package io.rocketexpress.model.launch;

import io.rocketexpress.model.tracking.TrackingStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchPhaseTest {

    @ParameterizedTest(name = "{0}: on sale {1}, flown {2}, terminal {3}, steps [{4}]")
    @CsvSource(delimiter = '|', textBlock = """
            Pending    | true  | false | false |
            Scheduled  | true  | false | false |
            Launching  | false | false | false | LOADED
            InFlight   | false | true  | false | LOADED LAUNCHED
            Landed     | false | true  | false | LOADED LAUNCHED LANDED
            Recovering | false | true  | false | LOADED LAUNCHED LANDED
            Completed  | false | true  | true  | LOADED LAUNCHED LANDED RECOVERED
            Scrubbed   | false | false | true  |
            Failed     | false | true  | true  | LOST
            """)
    void everyPhaseAnswersWhatTheGatewayAsks(LaunchPhase phase, boolean onSale, boolean flown, boolean terminal,
                                             String steps) {
        assertThat(phase.isOnSale()).isEqualTo(onSale);
        assertThat(phase.hasFlown()).isEqualTo(flown);
        assertThat(phase.isTerminal()).isEqualTo(terminal);
        List<TrackingStatus> expected = steps == null ? List.of()
                : Arrays.stream(steps.trim().split(" ")).map(TrackingStatus::valueOf).toList();
        assertThat(phase.trackingSteps()).containsExactlyElementsOf(expected);
        expected.forEach(step -> assertThat(phase.implies(step)).isTrue());
    }

    @Test
    void onSaleListsThePhasesBeforeAnyJob() {
        assertThat(LaunchPhase.onSale()).containsExactly(LaunchPhase.Pending, LaunchPhase.Scheduled);
    }
}
