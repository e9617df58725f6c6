package io.rocketexpress.gateway.pages;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** How the board names a flight's phase, and how full it shows it. */
class BoardPhaseTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(600);
    private static final Instant EARLIER = NOW.minusSeconds(600);

    @Test
    void beforeLiftoffTheBoardSaysWhetherSalesAreOpenClosedOrSealed() {
        assertThat(BoardPhase.of("Pending", false, LATER, NOW)).isEqualTo(BoardPhase.SCHEDULED);
        assertThat(BoardPhase.of("Scheduled", false, LATER, NOW)).isEqualTo(BoardPhase.SCHEDULED);
        assertThat(BoardPhase.of("Scheduled", false, EARLIER, NOW)).isEqualTo(BoardPhase.SALES_CLOSED);
        assertThat(BoardPhase.of("Scheduled", true, EARLIER, NOW)).isEqualTo(BoardPhase.SEALED);
    }

    @Test
    void fromLaunchOnTheBoardFollowsTheLaunchsPhase() {
        assertThat(BoardPhase.of("Launching", true, EARLIER, NOW)).isEqualTo(BoardPhase.LAUNCHING);
        assertThat(BoardPhase.of("InFlight", true, EARLIER, NOW)).isEqualTo(BoardPhase.IN_FLIGHT);
        assertThat(BoardPhase.of("Landed", true, EARLIER, NOW)).isEqualTo(BoardPhase.LANDED);
        assertThat(BoardPhase.of("Recovering", true, EARLIER, NOW)).isEqualTo(BoardPhase.RECOVERING);
        assertThat(BoardPhase.of("Completed", true, EARLIER, NOW)).isEqualTo(BoardPhase.COMPLETED);
        assertThat(BoardPhase.of("Scrubbed", false, EARLIER, NOW)).isEqualTo(BoardPhase.SCRUBBED);
        assertThat(BoardPhase.of("Failed", true, EARLIER, NOW)).isEqualTo(BoardPhase.FAILED);
    }

    @Test
    void aPhaseOrCutoffAPeerDoesNotSendReadsAsScheduled() {
        assertThat(BoardPhase.of("Hovering", false, LATER, NOW)).isEqualTo(BoardPhase.SCHEDULED);
        assertThat(BoardPhase.of("Scheduled", false, null, NOW)).isEqualTo(BoardPhase.SCHEDULED);
    }

    @Test
    void everyPhaseHasASymbolAndAStyleOfItsOwn() {
        assertThat(java.util.Arrays.stream(BoardPhase.values()).map(BoardPhase::symbol).distinct())
                .hasSize(BoardPhase.values().length);
        assertThat(BoardPhase.SALES_CLOSED.style()).isEqualTo("phase-sales-closed");
    }

    @Test
    void fillIsRoundedUpSoAnythingBookedShowsAndOnlyAFullFlightShowsAHundred() {
        assertThat(BoardView.percent(0)).isZero();
        assertThat(BoardView.percent(0.0001)).isEqualTo(1);
        assertThat(BoardView.percent(0.2)).isEqualTo(20);
        assertThat(BoardView.percent(0.0144)).isEqualTo(2);
        assertThat(BoardView.percent(0.9999)).isEqualTo(99);
        assertThat(BoardView.percent(1)).isEqualTo(100);
    }

    @Test
    void regionNamesReadAsPlaces() {
        assertThat(Places.name("kuala-lumpur")).isEqualTo("Kuala Lumpur");
        assertThat(Places.name("dubai")).isEqualTo("Dubai");
    }
}
