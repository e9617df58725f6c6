package io.rocketexpress.gateway.booking;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/** Bookings and parcels per partner, for /q/metrics. */
@ApplicationScoped
public class BookingMetrics {

    private final MeterRegistry registry;

    BookingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void booked(String partner, BookingStatus status, int parcels) {
        registry.counter("rocketexpress.bookings.created", "partner", partner,
                "status", status.name().toLowerCase(Locale.ROOT)).increment();
        if (status == BookingStatus.WAITLISTED) {
            registry.counter("rocketexpress.parcels.waitlisted", "partner", partner).increment(parcels);
        } else {
            registry.counter("rocketexpress.parcels.booked", "partner", partner).increment(parcels);
        }
    }

    void cancelled(String partner) {
        registry.counter("rocketexpress.bookings.cancelled", "partner", partner).increment();
    }
}
