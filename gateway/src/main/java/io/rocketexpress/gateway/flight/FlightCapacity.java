package io.rocketexpress.gateway.flight;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Claims and releases room on flights, inside the caller's transaction. A claim is one conditional
 * UPDATE: the row lock makes concurrent claims on a flight queue up, and each re-checks the room left
 * after the one before it, so a flight is never sold beyond its mass or its volume.
 */
@ApplicationScoped
public class FlightCapacity {

    static final List<LaunchPhase> ON_SALE = List.of(LaunchPhase.Pending, LaunchPhase.Scheduled);

    private static final String ROOM = "bookedGrams + :grams <= capacityGrams and bookedCm3 + :cm3 <= capacityCm3"
            + " and sealed = false and cutoffAt > :now and phase in :phases";

    /** Room for $3 grams and $4 cm³ on a flight still on sale at $5. */
    private static final String ROOM_SQL = "booked_g + $3 <= capacity_g AND booked_cm3 + $4 <= capacity_cm3"
            + " AND NOT sealed AND cutoff_at > $5 AND phase IN ("
            + ON_SALE.stream().map(phase -> "'" + phase.name() + "'").collect(Collectors.joining(", ")) + ")";
    private static final String CLAIM_EARLIEST = "UPDATE flight SET booked_g = booked_g + $3,"
            + " booked_cm3 = booked_cm3 + $4 WHERE id = (SELECT id FROM flight WHERE origin = $1 AND destination = $2"
            + " AND " + ROOM_SQL + " ORDER BY opens_at, id LIMIT 1) AND " + ROOM_SQL + " RETURNING id, opens_at, cutoff_at";
    private static final String ANY_ROOM = "SELECT 1 FROM flight WHERE origin = $1 AND destination = $2 AND "
            + ROOM_SQL + " LIMIT 1";
    /** Flights that fill up under a claim waiting for them, in a row; then the booking is waitlisted. */
    private static final int MAX_CLAIM_ATTEMPTS = 20;

    private final Clock clock;

    FlightCapacity(Clock clock) {
        this.clock = clock;
    }

    /** Flights of the route on sale that have room for that much, earliest first. */
    public Uni<List<Flight>> withRoom(String origin, String destination, long grams, long cm3, int limit) {
        return Flight.<Flight>find("origin = :origin and destination = :destination and " + ROOM,
                        Sort.by("opensAt").and("id"), room(grams, cm3, clock.instant())
                                .and("origin", origin).and("destination", destination))
                .page(0, limit).list();
    }

    /**
     * Takes room on the earliest flight of the route that still has it.
     *
     * @return the flight, or null when none has room
     */
    public Uni<Flight> claimEarliest(String origin, String destination, long grams, long cm3) {
        return withRoom(origin, destination, grams, cm3, 20).flatMap(candidates -> claimFirst(candidates, 0, grams, cm3));
    }

    private Uni<Flight> claimFirst(List<Flight> candidates, int index, long grams, long cm3) {
        if (index == candidates.size()) {
            return Uni.createFrom().nullItem();
        }
        Flight candidate = candidates.get(index);
        return Flight.update("bookedGrams = bookedGrams + :grams, bookedCm3 = bookedCm3 + :cm3 where id = :id and "
                        + ROOM, room(grams, cm3, clock.instant()).and("id", candidate.id))
                .flatMap(updated -> updated == 1
                        ? Uni.createFrom().item(candidate)
                        : claimFirst(candidates, index + 1, grams, cm3));
    }

    /**
     * Takes room on the earliest flight of the route that still has it, on the caller's connection and in its
     * transaction: one statement picks the flight and claims it, so the flight's row stays locked only from this
     * statement to the commit. When the flight picked filled up while the claim waited for its lock, the next one
     * with room is tried.
     *
     * @return the flight (id, window and cutoff), or null when none has room
     */
    public Uni<Flight> claimEarliest(SqlConnection connection, String origin, String destination, long grams,
                                     long cm3) {
        return claimEarliest(connection, Tuple.of(origin, destination, grams, cm3,
                clock.instant().atOffset(ZoneOffset.UTC)), 0);
    }

    private Uni<Flight> claimEarliest(SqlConnection connection, Tuple room, int attempt) {
        return connection.preparedQuery(CLAIM_EARLIEST).execute(room).flatMap(claimed -> {
            if (claimed.rowCount() == 1) {
                Row row = claimed.iterator().next();
                Flight flight = new Flight();
                flight.id = row.getString("id");
                flight.opensAt = row.getOffsetDateTime("opens_at").toInstant();
                flight.cutoffAt = row.getOffsetDateTime("cutoff_at").toInstant();
                return Uni.createFrom().item(flight);
            }
            if (attempt == MAX_CLAIM_ATTEMPTS) {
                return Uni.createFrom().nullItem();
            }
            return connection.preparedQuery(ANY_ROOM).execute(room).flatMap(any -> any.rowCount() == 0
                    ? Uni.createFrom().nullItem() : claimEarliest(connection, room, attempt + 1));
        });
    }

    /** Puts room back on sale (a cancelled booking). */
    public Uni<Integer> release(String flightId, long grams, long cm3) {
        return Flight.update("bookedGrams = greatest(bookedGrams - :grams, 0), bookedCm3 = greatest(bookedCm3 - :cm3, 0)"
                + " where id = :id", Parameters.with("grams", grams).and("cm3", cm3).and("id", flightId));
    }

    private static Parameters room(long grams, long cm3, Instant now) {
        return Parameters.with("grams", grams).and("cm3", cm3).and("now", now).and("phases", ON_SALE);
    }
}
