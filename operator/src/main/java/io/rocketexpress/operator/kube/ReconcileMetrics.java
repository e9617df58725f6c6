package io.rocketexpress.operator.kube;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/** Reconciles and reconcile errors per kind of resource, for /q/metrics. */
@ApplicationScoped
public class ReconcileMetrics {

    private final MeterRegistry registry;

    ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs one reconcile of a resource of that kind, counting it and, if it throws, its error. */
    public <T> T count(String kind, Supplier<T> reconcile) {
        registry.counter("rocketexpress.reconciles", "kind", kind).increment();
        try {
            return reconcile.get();
        } catch (RuntimeException e) {
            registry.counter("rocketexpress.reconcile.errors", "kind", kind,
                    "error", e.getClass().getSimpleName()).increment();
            throw e;
        }
    }
}
