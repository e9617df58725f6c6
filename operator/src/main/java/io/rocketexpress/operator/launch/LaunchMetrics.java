package io.rocketexpress.operator.launch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Launches per phase, how long the longest-waiting launch of each phase has been in it, and the reachability of
 * each region, as this operator last saw them.
 */
// Created at start, so that the per-phase gauges are scraped from the first scrape on, zeros included.
@Startup
@ApplicationScoped
public class LaunchMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, InPhase> launches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();

    /** A launch's phase and when this operator first saw it there. */
    private record InPhase(LaunchPhase phase, Instant since) {
    }

    LaunchMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (LaunchPhase phase : LaunchPhase.values()) {
            Gauge.builder("rocketexpress.launches", launches, all -> count(phase))
                    .tag("phase", phase.name())
                    .description("Launches of this operator's region by phase")
                    .register(registry);
            Gauge.builder("rocketexpress.launches.oldest", launches, all -> oldest(phase).toMillis() / 1000.0)
                    .tag("phase", phase.name())
                    .baseUnit("seconds")
                    .description("How long the launch longest in this phase has been in it (from its window's"
                            + " opening, liftoff or landing where the phase starts there, else from when this operator"
                            + " saw it enter); 0 when none is")
                    .register(registry);
        }
    }

    /**
     * Records the launch's phase; a phase it was already in keeps its start. @param entered when the launch
     * entered the phase, as its resource tells (a restarted operator then counts from there), or empty for now
     */
    void phase(String namespacedName, LaunchPhase phase, Optional<Instant> entered) {
        Instant now = clock.instant();
        launches.compute(namespacedName, (name, seen) -> seen != null && seen.phase() == phase ? seen
                : new InPhase(phase, entered.filter(at -> at.isBefore(now)).orElse(now)));
    }

    /**
     * When the launch entered the phase of this status, where the resource records it: the window's opening
     * (Launching: the flight Job starts then), liftoff (InFlight), landing (Landed, and Recovering, which
     * follows it at once).
     */
    static Optional<Instant> enteredAt(LaunchSpec spec, LaunchStatus status) {
        if (status == null || status.getPhase() == null) {
            return Optional.empty();
        }
        String at = switch (status.getPhase()) {
            case Launching -> spec == null || spec.getWindow() == null ? null : spec.getWindow().getOpensAt();
            case InFlight -> status.getLiftoffAt();
            case Landed, Recovering -> status.getLandedAt();
            default -> null;
        };
        try {
            return Optional.ofNullable(at).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    void forget(String namespacedName) {
        launches.remove(namespacedName);
    }

    void reachable(String region, boolean answers) {
        reachable.computeIfAbsent(region, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("rocketexpress.region.reachable", value, AtomicInteger::get)
                    .tag("region", name)
                    .description("1 when the region's API server answered the last call, 0 when it did not")
                    .register(registry);
            return value;
        }).set(answers ? 1 : 0);
    }

    private long count(LaunchPhase phase) {
        return launches.values().stream().filter(seen -> seen.phase() == phase).count();
    }

    /** Zero when no launch is in the phase. */
    Duration oldest(LaunchPhase phase) {
        Instant now = clock.instant();
        return launches.values().stream().filter(seen -> seen.phase() == phase)
                .map(seen -> Duration.between(seen.since(), now))
                .max(Duration::compareTo)
                .filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
    }
}
