package io.rocketexpress.operator.vehicle;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Vehicles of this region's cluster by phase, counted at each scrape from the vehicle controller's cache: a
 * vehicle that leaves (flown away, deleted) leaves the count with it, which no reconcile would tell.
 */
// Created at start, so that every phase is scraped from the first scrape on, zeros included.
@Startup
@ApplicationScoped
public class VehicleMetrics {

    // Known from the first reconcile on; a standby replica, which reconciles nothing, reports zeros.
    private volatile IndexedResourceCache<Vehicle> fleet;

    VehicleMetrics(MeterRegistry registry) {
        for (VehiclePhase phase : VehiclePhase.values()) {
            Gauge.builder("rocketexpress.vehicles", this, metrics -> metrics.count(phase))
                    .tag("phase", phase.name())
                    .description("Vehicles in this region's cluster by phase, as the operator's cache holds them")
                    .register(registry);
        }
    }

    void fleet(IndexedResourceCache<Vehicle> cache) {
        this.fleet = cache;
    }

    private long count(VehiclePhase phase) {
        IndexedResourceCache<Vehicle> cache = fleet;
        return cache == null ? 0 : cache.list()
                .filter(vehicle -> vehicle.getStatus() != null && vehicle.getStatus().getPhase() == phase)
                .count();
    }
}
