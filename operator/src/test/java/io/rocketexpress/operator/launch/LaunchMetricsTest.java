package io.rocketexpress.operator.launch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.launch.LaunchWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

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
        metrics.phase("rocket-express/a", LaunchPhase.InFlight, Optional.empty());
        clock.turn(Duration.ofMinutes(5));
        metrics.phase("rocket-express/b", LaunchPhase.InFlight, Optional.empty());
        clock.turn(Duration.ofMinutes(5));
        metrics.phase("rocket-express/a", LaunchPhase.InFlight, Optional.empty());

        assertThat(gauge("rocketexpress.launches", LaunchPhase.InFlight)).isEqualTo(2);
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.InFlight)).isEqualTo(600);
    }

    @Test
    void aNewPhaseStartsItsClockAndAForgottenLaunchLeavesNoAge() {
        metrics.phase("rocket-express/a", LaunchPhase.InFlight, Optional.empty());
        clock.turn(Duration.ofMinutes(30));
        metrics.phase("rocket-express/a", LaunchPhase.Landed, Optional.empty());
        clock.turn(Duration.ofMinutes(2));

        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.InFlight)).isZero();
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.Landed)).isEqualTo(120);

        metrics.forget("rocket-express/a");
        assertThat(gauge("rocketexpress.launches", LaunchPhase.Landed)).isZero();
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.Landed)).isZero();
    }

    @Test
    void aPhaseTheResourceDatesCountsFromThereSoARestartedOperatorStillSeesAStuckFlight() {
        LaunchSpec spec = new LaunchSpec();
        spec.setWindow(new LaunchWindow());
        spec.getWindow().setOpensAt("2026-12-01T07:50:00Z");
        LaunchStatus status = new LaunchStatus();
        status.setPhase(LaunchPhase.Launching);
        assertThat(LaunchMetrics.enteredAt(spec, status)).contains(Instant.parse("2026-12-01T07:50:00Z"));
        status.setPhase(LaunchPhase.InFlight);
        status.setLiftoffAt("2026-12-01T06:00:00Z");
        assertThat(LaunchMetrics.enteredAt(spec, status)).contains(Instant.parse("2026-12-01T06:00:00Z"));
        status.setPhase(LaunchPhase.Scheduled);
        assertThat(LaunchMetrics.enteredAt(spec, status)).isEmpty();

        status.setPhase(LaunchPhase.InFlight);
        metrics.phase("rocket-express/a", LaunchPhase.InFlight, LaunchMetrics.enteredAt(spec, status));
        assertThat(gauge("rocketexpress.launches.oldest", LaunchPhase.InFlight)).isEqualTo(7200);
        // A time the resource gets wrong, in the future, counts from now.
        metrics.phase("rocket-express/b", LaunchPhase.Landed, Optional.of(clock.instant().plusSeconds(60)));
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
