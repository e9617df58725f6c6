package io.rocketexpress.model.tracking;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrackingStatusTest {

    @ParameterizedTest(name = "{0} may follow exactly {1}")
    @CsvSource(delimiter = ';', value = {
            "BOOKED; START WAITLISTED",
            "WAITLISTED; START REBOOKED",
            "MANIFESTED; BOOKED REBOOKED",
            "LOADED; MANIFESTED",
            "LAUNCHED; LOADED",
            "LANDED; LAUNCHED",
            "RECOVERED; LANDED",
            "OUT_FOR_DELIVERY; RECOVERED DELIVERY_FAILED",
            "DELIVERED; OUT_FOR_DELIVERY",
            "DELIVERY_FAILED; OUT_FOR_DELIVERY",
            "CANCELLED; BOOKED WAITLISTED REBOOKED",
            "REBOOKED; BOOKED MANIFESTED LOADED REBOOKED",
            "LOST; MANIFESTED LOADED LAUNCHED LANDED"})
    void statusFollowsExactlyItsPredecessors(TrackingStatus status, String predecessors) {
        Set<String> expected = Arrays.stream(predecessors.split(" ")).collect(Collectors.toSet());
        Set<String> actual = EnumSet.allOf(TrackingStatus.class).stream()
                .filter(status::canFollow).map(Enum::name).collect(Collectors.toSet());
        if (status.canFollow(null)) {
            actual.add("START");
        }
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"DELIVERED", "CANCELLED", "LOST"})
    void nothingFollowsATerminalStatus(TrackingStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        assertThat(EnumSet.allOf(TrackingStatus.class)).noneMatch(next -> next.canFollow(terminal));
    }
}
