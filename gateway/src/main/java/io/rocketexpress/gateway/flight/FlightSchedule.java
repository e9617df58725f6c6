package io.rocketexpress.gateway.flight;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Keeps the flight table in step with the schedule; bookings only ever add to or release booked capacity. */
@ApplicationScoped
public class FlightSchedule {

    private final Clock clock;

    FlightSchedule(Clock clock) {
        this.clock = clock;
    }

    /** Inserts the flight or updates its route, window, capacity and phase; what is booked stays. */
    public Uni<Flight> put(FlightPlan plan) {
        return Panache.withTransaction(() -> Flight.<Flight>findById(plan.id(), LockModeType.PESSIMISTIC_WRITE).flatMap(existing -> {
            if (existing != null && matches(existing, plan)) {
                // A resync of an unchanged Launch: nothing to write.
                return Uni.createFrom().item(existing);
            }
            Flight flight = existing == null ? new Flight() : existing;
            flight.id = plan.id();
            flight.origin = plan.origin();
            flight.destination = plan.destination();
            flight.opensAt = plan.opensAt();
            flight.closesAt = plan.closesAt();
            flight.cutoffAt = plan.cutoffAt();
            flight.capacityGrams = Units.grams(plan.capacityKg());
            flight.capacityCm3 = Units.cubicCentimetres(plan.capacityM3());
            flight.phase = plan.phase();
            flight.updatedAt = clock.instant();
            return existing == null ? flight.<Flight>persist() : Uni.createFrom().item(flight);
        }));
    }

    private static boolean matches(Flight flight, FlightPlan plan) {
        return flight.origin.equals(plan.origin()) && flight.destination.equals(plan.destination())
                && flight.opensAt.equals(plan.opensAt()) && flight.closesAt.equals(plan.closesAt())
                && flight.cutoffAt.equals(plan.cutoffAt()) && flight.phase == plan.phase()
                && flight.capacityGrams == Units.grams(plan.capacityKg())
                && flight.capacityCm3 == Units.cubicCentimetres(plan.capacityM3());
    }

    /** Flights of a route (either end may be left open) that have not lifted off yet, earliest first. */
    public Uni<List<Flight>> upcoming(String origin, String destination) {
        List<String> where = new ArrayList<>(List.of("closesAt > :now"));
        Parameters parameters = Parameters.with("now", clock.instant());
        if (origin != null) {
            where.add("origin = :origin");
            parameters.and("origin", origin);
        }
        if (destination != null) {
            where.add("destination = :destination");
            parameters.and("destination", destination);
        }
        return Panache.withSession(() -> Flight.<Flight>list(String.join(" and ", where),
                Sort.by("opensAt").and("id"), parameters));
    }
}
