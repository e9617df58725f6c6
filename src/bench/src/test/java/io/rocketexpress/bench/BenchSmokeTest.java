package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole suite, a few seconds per workload: every workload runs against both servers without a single failed
 * request, both databases hold exactly what was accepted, the operator-scale workload gets through every phase on
 * a small schedule, and results.json has every workload. It judges no figure: a busy CI machine makes them
 * meaningless.
 */
@Tag("slow")
class BenchSmokeTest {

    @Test
    void everyWorkloadRunsWithoutErrorsAndWritesResults() throws Exception {
        BenchSettings defaults = BenchSettings.fromSystemProperties();
        BenchSettings smoke = new BenchSettings(defaults.gatewayApp(), defaults.operatorApp(), defaults.migrations(), defaults.work(), 8,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), true,
                java.util.Set.of());

        Results results = Bench.run(smoke);
        Path file = results.write(smoke.work(), smoke);

        assertThat(results.rows()).extracting(Results.Row::name).containsExactly("health-live", "flights",
                "book-10-hot", "book-10-hot-half", "book-10-spread", "book-1", "track-read", "booking-read",
                "stream-fanout", "webhooks");
        assertThat(results.rows()).allSatisfy(row -> {
            assertThat(row.errors()).as(row.name() + ": " + row.gateway().firstError()).isZero();
            assertThat(row.gateway().requests()).as(row.name() + " on the gateway").isPositive();
            assertThat(row.baseline().requests()).as(row.name() + " on the baseline").isPositive();
        });
        OperatorScale.Figures operator = results.operator();
        assertThat(operator.errorCount()).as(OperatorScale.NAME + ": " + operator.firstError()).isZero();
        assertThat(operator.values()).containsKeys("all_scheduled_seconds", "idle_requests_per_second",
                "wake_to_scheduled_ms", "window_to_job_p50_ms", "window_to_job_p99_ms", "life_requests_per_launch",
                "idle_writes", "operator_memory_kb");
        JsonNode written = new ObjectMapper().readTree(Files.readString(file));
        assertThat(written.path("operator_scale").path("figures").path("all_scheduled_seconds").isNumber()).isTrue();
        assertThat(written.path("workloads")).hasSize(10);
        assertThat(written.path("workloads").get(2).path("name").asText()).isEqualTo("book-10-hot");
        assertThat(written.path("workloads").get(2).path("ratio").isNumber()).isTrue();
        assertThat(written.path("workloads").get(2).path("gateway_warm_up_s").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(written.path("workloads").get(2).path("baseline_warm_up_s").asDouble()).isGreaterThanOrEqualTo(1);
        // Both servers and PostgreSQL spend CPU time on every booking, and /proc shows it on this machine.
        for (String figure : new String[] {"gateway_cpu_ms", "baseline_cpu_ms", "gateway_db_cpu_ms",
                "baseline_db_cpu_ms"}) {
            assertThat(written.path("workloads").get(2).path(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(written.path("checks")).hasSize(2);
        // Every workload after the first booking one began with both databases holding as much as each other.
        for (JsonNode workload : written.path("workloads")) {
            if (workload.path("name").asText().equals("health-live")) {
                continue;
            }
            JsonNode held = workload.path("held_at_start");
            assertThat(held.isObject()).as(workload.path("name").asText() + " held_at_start").isTrue();
            long gatewayParcels = held.path("gateway").path("parcels").asLong();
            assertThat(gatewayParcels).as(workload.path("name").asText() + " parcels held")
                    .isPositive().isCloseTo(held.path("baseline").path("parcels").asLong(), within(10L));
            assertThat(held.path("gateway").path("bookings").asLong()).as(workload.path("name").asText()
                    + " bookings held").isCloseTo(held.path("baseline").path("bookings").asLong(), within(1L));
        }
        // The compilers' warm-up booked, more on one server than the other; both databases were emptied of it and
        // given the same few bookings before the first workload.
        for (String server : new String[] {"gateway", "baseline"}) {
            assertThat(written.path("workloads").get(1).path("held_at_start").path(server).path("parcels").asLong())
                    .as(server + "'s parcels as the first workload with SQL began")
                    .isEqualTo(Bench.FIRST_PARCELS_SMOKE);
        }
        assertThat(written.path("workloads").get(4).path("held_at_start").path("gateway").path("parcels").asLong())
                .as("parcels held after the first booking workloads")
                .isGreaterThan(written.path("workloads").get(1).path("held_at_start").path("gateway").path("parcels")
                        .asLong());
        // Each server's compilers were warmed, every kind of request at least once, before the first workload.
        assertThat(results.jitWarmUps()).containsOnlyKeys("gateway", "baseline")
                .allSatisfy((server, seconds) -> assertThat(seconds).as(server).isPositive());
        assertThat(written.path("jit_warm_up_s").path("gateway").asDouble()).isPositive();
    }

    @Test
    void aWorkloadReadingParcelsRunsAloneBookingThemFirst() {
        BenchSettings defaults = BenchSettings.fromSystemProperties();
        BenchSettings alone = new BenchSettings(defaults.gatewayApp(), defaults.operatorApp(), defaults.migrations(),
                defaults.work().resolve("alone"), 8, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), true,
                java.util.Set.of("track-read", "stream-fanout"));

        Results results = Bench.run(alone);

        assertThat(results.rows()).extracting(Results.Row::name).containsExactly("track-read", "stream-fanout");
        assertThat(results.rows()).allSatisfy(row -> {
            assertThat(row.errors()).as(row.name() + ": " + row.gateway().firstError()).isZero();
            assertThat(row.gateway().requests()).as(row.name() + " on the gateway").isPositive();
            assertThat(row.baseline().requests()).as(row.name() + " on the baseline").isPositive();
        });
    }
}
