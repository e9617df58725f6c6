package io.rocketexpress.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a bench run goes: the full suite that performance.md quotes, or a smoke run of a few seconds per workload
 * that only proves every workload runs without an error.
 *
 * @param gatewayApp the gateway's packaged application (quarkus-run.jar)
 * @param operatorApp the operator's packaged application, which {@code operator-scale} runs once per region
 * @param migrations the gateway's Flyway migrations, which the baseline's database gets too
 * @param work       where logs and results.json go
 * @param clients    concurrent keep-alive clients of each closed-loop workload
 * @param jitWarmUp  the longest load of every request the workloads send, before any of them is measured, per
 *                   server, until each JVM's compilers are quiet: they have compiled the paths the workloads take
 *                   (zero in a smoke run)
 * @param warmUp     load before each measurement, not counted, at least
 * @param warmUpAtMost the longest that load goes on while the server's compilers are still busy
 * @param measured   how long each workload is measured, per server
 */
record BenchSettings(Path gatewayApp, Path operatorApp, Path migrations, Path work, int clients,
                     Duration jitWarmUp, Duration warmUp, Duration warmUpAtMost, Duration measured, boolean smoke,
                     Set<String> only) {

    /**
     * Whether the workload is part of this run: all are, unless {@code -Dbench.workloads} names some (the read
     * workloads read what booking workloads of the same run booked).
     */
    boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    static BenchSettings fromSystemProperties() {
        String mode = System.getProperty("bench.mode", "full");
        if (!mode.equals("full") && !mode.equals("smoke")) {
            throw new IllegalArgumentException("bench.mode is 'full' or 'smoke', not '" + mode + "'");
        }
        boolean smoke = mode.equals("smoke");
        return new BenchSettings(Path.of(required("bench.gateway.app")), Path.of(required("bench.operator.app")),
                Path.of(required("bench.migrations")),
                Path.of(System.getProperty("bench.work", "target/bench")), Integer.getInteger("bench.clients", 32),
                smoke ? Duration.ZERO : seconds("bench.jit-warm-up", 150, 0),
                smoke ? Duration.ofSeconds(1) : seconds("bench.warm-up", 4, 1),
                smoke ? Duration.ofSeconds(1) : seconds("bench.warm-up-max", 20, 1),
                smoke ? Duration.ofSeconds(2) : seconds("bench.measured", 8, 1), smoke,
                Set.of(System.getProperty("bench.workloads", "").split(",")).stream().map(String::trim)
                        .filter(name -> !name.isEmpty()).collect(Collectors.toSet()));
    }

    /** A duration in whole seconds from a system property, or the default (full runs only). */
    private static Duration seconds(String name, int defaultSeconds, int least) {
        int value = Integer.getInteger(name, defaultSeconds);
        if (value < least) {
            throw new IllegalArgumentException(name + " is a number of seconds, at least " + least + ", not " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set -D" + name);
        }
        return value;
    }
}
