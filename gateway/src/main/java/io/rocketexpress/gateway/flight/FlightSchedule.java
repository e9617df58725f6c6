package io.rocketexpress.gateway.flight;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Keeps the flight table in step with the schedule; bookings only ever add to or release booked capacity. */
@ApplicationScoped
public class FlightSchedule {

    private final Clock clock;
    private final Pool pool;

    FlightSchedule(Clock clock, Pool pool) {
        this.clock = clock;
        this.pool = pool;
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

    /**
     * Flights of a route (either end may be left open) that have not lifted off yet, earliest first, read in one
     * statement on the reactive SQL client.
     */
    public Uni<List<Flight>> upcoming(String origin, String destination) {
        return pool.preparedQuery("SELECT id, origin, destination, opens_at, closes_at, cutoff_at, capacity_g,"
                        + " capacity_cm3, booked_g, booked_cm3, phase, sealed FROM flight WHERE closes_at > $1"
                        + " AND ($2::text IS NULL OR origin = $2) AND ($3::text IS NULL OR destination = $3)"
                        + " ORDER BY opens_at, id")
                .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC), origin, destination))
                .map(rows -> {
                    List<Flight> flights = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Flight flight = new Flight();
                        flight.id = row.getString("id");
                        flight.origin = row.getString("origin");
                        flight.destination = row.getString("destination");
                        flight.opensAt = row.getOffsetDateTime("opens_at").toInstant();
                        flight.closesAt = row.getOffsetDateTime("closes_at").toInstant();
                        flight.cutoffAt = row.getOffsetDateTime("cutoff_at").toInstant();
                        flight.capacityGrams = row.getLong("capacity_g");
                        flight.capacityCm3 = row.getLong("capacity_cm3");
                        flight.bookedGrams = row.getLong("booked_g");
                        flight.bookedCm3 = row.getLong("booked_cm3");
                        flight.phase = LaunchPhase.valueOf(row.getString("phase"));
                        flight.sealed = row.getBoolean("sealed");
                        flights.add(flight);
                    }
                    return flights;
                });
    }
}
