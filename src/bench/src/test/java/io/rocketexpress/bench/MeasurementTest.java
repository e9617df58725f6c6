package io.rocketexpress.bench;

import io.rocketexpress.bench.LoadGenerator.Measurement;
import io.rocketexpress.bench.LoadGenerator.Outcome;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A server's rounds of one workload, added up. */
class MeasurementTest {

    @Test
    void addsRoundsUpAsOneMeasurement() {
        // 900 quick answers in 3 s with a warm-up of 7 s, then 100 slow ones in 1 s with two errors.
        Measurement first = round(900, 2, 3.0, 0, null, 7.0);
        Measurement second = round(100, 50, 1.0, 2, "500 on /v1/bookings", 1.0);

        Outcome both = Measurement.combined(List.of(first, second));

        assertThat(both.requests()).isEqualTo(1_000);
        assertThat(both.seconds()).isEqualTo(4.0);
        assertThat(both.perSecond()).isEqualTo(250.0);
        assertThat(both.errors()).isEqualTo(2);
        assertThat(both.firstError()).isEqualTo("500 on /v1/bookings");
        assertThat(both.warmUpSeconds()).isEqualTo(7.0);
        // The median is the first round's, the 99th percentile lies among the second round's answers.
        assertThat(both.p50Millis()).isCloseTo(2.0, within(0.01));
        assertThat(both.p99Millis()).isCloseTo(50.0, within(0.1));
        // The rounds' own figures are left as they were.
        assertThat(first.latencies().getTotalCount()).isEqualTo(900);
    }

    @Test
    void oneRoundIsItself() {
        Measurement only = round(500, 3, 2.0, 1, "timeout", 5.0);

        Outcome outcome = Measurement.combined(List.of(only));

        assertThat(outcome.requests()).isEqualTo(500);
        assertThat(outcome.perSecond()).isEqualTo(250.0);
        assertThat(outcome.errors()).isEqualTo(1);
        assertThat(outcome.firstError()).isEqualTo("timeout");
        assertThat(outcome.p99Millis()).isCloseTo(3.0, within(0.01));
    }

    @Test
    void cpuTimeIsSharedOverTheRoundsAnswers() {
        Measurement first = new Measurement(round(900, 2, 3.0, 0, null, 7.0).outcome(), new Histogram(3),
                new LoadGenerator.Cpu(1.2, 3.0));
        Measurement second = new Measurement(round(100, 2, 1.0, 0, null, 1.0).outcome(), new Histogram(3),
                new LoadGenerator.Cpu(0.3, 1.0));

        LoadGenerator.CpuPerRequest perRequest = Measurement.cpuPerRequest(List.of(first, second));

        assertThat(perRequest.serverMillis()).isCloseTo(1.5, within(1e-9));
        assertThat(perRequest.databaseMillis()).isCloseTo(4.0, within(1e-9));
        // A round whose CPU time could not be read leaves the figure unknown, not low.
        assertThat(Measurement.cpuPerRequest(List.of(first, round(100, 2, 1.0, 0, null, 1.0))).serverMillis())
                .isNaN();
    }

    @Test
    void cpuTimeIsReadOverTheMeasuredTimeOnly() {
        LoadGenerator.Cpu spent = LoadGenerator.Meters.spent(new long[] {2_000_000_000L, 5_000_000_000L},
                new long[] {2_500_000_000L, 5_250_000_000L});
        assertThat(spent.serverSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(spent.databaseSeconds()).isCloseTo(0.25, within(1e-9));
        assertThat(LoadGenerator.Meters.spent(new long[] {-1, 5}, new long[] {-1, 4}).serverSeconds()).isNaN();
        assertThat(LoadGenerator.Meters.spent(new long[] {-1, 5}, new long[] {-1, 4}).databaseSeconds()).isNaN();
    }

    private static Measurement round(int answers, long millis, double seconds, long errors, String firstError,
                                     double warmUp) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(millis * 1_000_000, answers);
        return new Measurement(new Outcome(answers, errors, seconds, millis, millis, firstError, warmUp), latencies);
    }
}
