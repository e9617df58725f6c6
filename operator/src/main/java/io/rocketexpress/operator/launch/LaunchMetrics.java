package io.rocketexpress.operator.launch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rocketexpress.model.launch.LaunchPhase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Launches per phase and the reachability of each region, as this operator last saw them. */
@ApplicationScoped
public class LaunchMetrics {

    private final MeterRegistry registry;
    private final Map<String, LaunchPhase> phases = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();

    LaunchMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (LaunchPhase phase : LaunchPhase.values()) {
            Gauge.builder("rocketexpress.launches", phases, all -> all.values().stream().filter(phase::equals).count())
                    .tag("phase", phase.name())
                    .description("Launches of this operator's region by phase")
                    .register(registry);
        }
    }

    void phase(String namespacedName, LaunchPhase phase) {
        phases.put(namespacedName, phase);
    }

    void forget(String namespacedName) {
        phases.remove(namespacedName);
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
}
