package io.rocketexpress.operator.launch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rocketexpress.model.launch.LaunchPhase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TurnableClock clock = new TurnableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final LaunchMetrics metrics = new LaunchMetrics(registry, clock);

    @Test
    void everyPhaseHasItsGaugesBeforeAnyLaunchIsSeen() {
        for (LaunchPhase phase : LaunchPhase.values()) {
            assertThat(gauge("rocketexpress.launches", phase)).isZero();
            assertThat(gauge("rocketexpress.launches.oldest", phase)).isZero();
        }
    }

    @Test
    void oldestCountsFromWhenTheLaunchEnteredItsPhaseNotFromItsLastReconcile() {
        metrics.phase("rocket-express/a", LaunchPhase.InFlight);
        clock.turn(Duration.ofMinutes(5));
        metrics.phase("rocket-express/b", LaunchPhase.InFlight);
        clock.turn(Duration.ofMinutes(5));
        metrics.phase("rocket-express/a", LaunchPhase.InFlight);

        assertThat(gauge("rocketexpress.launches", LaunchPhase.InFlight)).isEqualTo(2);
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.InFlight)).isEqualTo(600);
    }

    @Test
    void aNewPhaseStartsItsClockAndAForgottenLaunchLeavesNoAge() {
        metrics.phase("rocket-express/a", LaunchPhase.InFlight);
        clock.turn(Duration.ofMinutes(30));
        metrics.phase("rocket-express/a", LaunchPhase.Landed);
        clock.turn(Duration.ofMinutes(2));

        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.InFlight)).isZero();
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.Landed)).isEqualTo(120);

        metrics.forget("rocket-express/a");
        assertThat(gauge("rocketexpress.launches", LaunchPhase.Landed)).isZero();
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.Landed)).isZero();
    }

    private double gauge(String name, LaunchPhase phase) {
        return registry.get(name).tag("phase", phase.name()).gauge().value();
    }

    /** A clock the test moves forward by hand. */
    static final class TurnableClock extends Clock {
        private Instant now;

        TurnableClock(Instant start) {
            this.now = start;
        }

        void turn(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
