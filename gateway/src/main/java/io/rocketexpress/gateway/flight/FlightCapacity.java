package io.rocketexpress.gateway.flight;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims and releases room on flights, inside the caller's transaction. A claim is one conditional
 * UPDATE: the row lock makes concurrent claims on a flight queue up, and each re-checks the room left
 * after the one before it, so a flight is never sold beyond its mass or its volume.
 */
@ApplicationScoped
public class FlightCapacity {

    private static final String ROOM = "bookedGrams + :grams <= capacityGrams and bookedCm3 + :cm3 <= capacityCm3"
            + " and sealed = false and cutoffAt > :now and phase in :phases";

    /** As many flights as a sale looks at: the earliest ones with any room, the same 20 that {@link #withRoom} reads. */
    private static final String ON_SALE_WITH_ROOM = "SELECT id, opens_at, cutoff_at, capacity_g - booked_g AS room_g,"
            + " capacity_cm3 - booked_cm3 AS room_cm3 FROM flight WHERE origin = $1 AND destination = $2"
            + " AND booked_g < capacity_g AND booked_cm3 < capacity_cm3 AND NOT sealed AND cutoff_at > $3"
            + " AND phase = ANY ($4) ORDER BY opens_at, id LIMIT 20";
    /** The same for several routes at once, each route's own 20, in one statement. */
    private static final String ON_SALE_WITH_ROOM_ON_ROUTES = "SELECT r.origin, r.destination, f.id, f.opens_at,"
            + " f.cutoff_at, f.room_g, f.room_cm3 FROM unnest($1::text[], $2::text[]) AS r (origin, destination)"
            + " CROSS JOIN LATERAL (SELECT id, opens_at, cutoff_at, capacity_g - booked_g AS room_g,"
            + " capacity_cm3 - booked_cm3 AS room_cm3 FROM flight WHERE origin = r.origin AND destination = r.destination"
            + " AND booked_g < capacity_g AND booked_cm3 < capacity_cm3 AND NOT sealed AND cutoff_at > $3"
            + " AND phase = ANY ($4) ORDER BY opens_at, id LIMIT 20) AS f ORDER BY r.origin, r.destination, f.opens_at, f.id";
    /** The SQLSTATE of a claim on a flight without the room (migration V8). */
    public static final String NO_ROOM = "RX001";
    private static final String[] ON_SALE_NAMES = LaunchPhase.onSale().stream().map(Enum::name).toArray(String[]::new);

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
     * The flights of the route on sale with any room left, earliest first, with the room each has: read on the
     * caller's connection without locking them. The caller picks from them and claims what it picked with
     * {@link #claim}, as its transaction's last statement.
     */
    public Uni<List<Room>> onSale(SqlConnection connection, String origin, String destination, Instant at) {
        return connection.preparedQuery(ON_SALE_WITH_ROOM)
                .execute(Tuple.of(origin, destination, at.atOffset(ZoneOffset.UTC), ON_SALE_NAMES))
                .map(rows -> {
                    List<Room> rooms = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        rooms.add(room(row));
                    }
                    return rooms;
                });
    }

    /**
     * {@link #onSale(SqlConnection, String, String, Instant)} for several routes in one statement.
     *
     * @param origins      the routes' origins
     * @param destinations their destinations, in the same order
     * @return each route's flights, earliest first, under {@link #route}; a route with none has an empty list
     */
    public Uni<Map<String, List<Room>>> onSale(SqlConnection connection, List<String> origins,
                                               List<String> destinations, Instant at) {
        if (origins.size() == 1) {
            // One route alone takes the plain form, which costs PostgreSQL less than the array form.
            return onSale(connection, origins.get(0), destinations.get(0), at)
                    .map(rooms -> Map.of(route(origins.get(0), destinations.get(0)), rooms));
        }
        return connection.preparedQuery(ON_SALE_WITH_ROOM_ON_ROUTES)
                .execute(Tuple.of(origins.toArray(String[]::new), destinations.toArray(String[]::new),
                        at.atOffset(ZoneOffset.UTC), ON_SALE_NAMES))
                .map(rows -> {
                    Map<String, List<Room>> routes = new HashMap<>();
                    for (int i = 0; i < origins.size(); i++) {
                        routes.put(route(origins.get(i), destinations.get(i)), new ArrayList<>());
                    }
                    for (Row row : rows) {
                        routes.get(route(row.getString("origin"), row.getString("destination"))).add(room(row));
                    }
                    return routes;
                });
    }

    /** How {@link #onSale(SqlConnection, List, List, Instant)} names a route. */
    public static String route(String origin, String destination) {
        return origin + " " + destination;
    }

    private static Room room(Row row) {
        Flight flight = new Flight();
        flight.id = row.getString("id");
        flight.opensAt = row.getOffsetDateTime("opens_at").toInstant();
        flight.cutoffAt = row.getOffsetDateTime("cutoff_at").toInstant();
        return new Room(flight, row.getLong("room_g"), row.getLong("room_cm3"));
    }

    /** A flight on sale (id, window and cutoff) and the room it had when read. */
    public record Room(Flight flight, long grams, long cm3) {
    }

    /**
     * Takes room on the flight, in the caller's transaction, or fails with {@link #NO_ROOM}: one conditional
     * UPDATE (migration V8's {@code claim_room}), which locks the flight's row until the transaction ends. The
     * caller sends it last, with its COMMIT right behind it, so a busy route's row is locked for as short a time
     * as PostgreSQL needs to commit.
     */
    public Uni<Void> claim(SqlConnection connection, String flightId, long grams, long cm3, Instant at) {
        return connection.preparedQuery("SELECT claim_room($1, $2, $3, $4, $5)")
                .execute(Tuple.of(flightId, grams, cm3, at.atOffset(ZoneOffset.UTC), ON_SALE_NAMES))
                .replaceWithVoid();
    }

    /**
     * {@link #claim} on several flights in one statement, in the order given (a scan of the arrays runs in their
     * order). The caller gives them in one order (by id) in every transaction, so that two transactions claiming
     * the same flights never deadlock on each other's rows.
     */
    public Uni<Void> claimAll(SqlConnection connection, List<String> flightIds, Long[] grams, Long[] cm3, Instant at) {
        if (flightIds.size() == 1) {
            return claim(connection, flightIds.get(0), grams[0], cm3[0], at);
        }
        return connection.preparedQuery("SELECT claim_room(c.id, c.grams, c.cm3, $4, $5) FROM unnest($1::text[],"
                        + " $2::bigint[], $3::bigint[]) AS c (id, grams, cm3)")
                .execute(Tuple.of(flightIds.toArray(String[]::new), grams, cm3, at.atOffset(ZoneOffset.UTC),
                        ON_SALE_NAMES))
                .replaceWithVoid();
    }

    /** Whether a failure is the flight's having no room left for a claim. */
    public static boolean noRoom(Throwable failure) {
        return failure instanceof PgException pg && NO_ROOM.equals(pg.getSqlState());
    }

    /** Puts room back on sale (a cancelled booking). */
    public Uni<Integer> release(String flightId, long grams, long cm3) {
        return Flight.update("bookedGrams = greatest(bookedGrams - :grams, 0), bookedCm3 = greatest(bookedCm3 - :cm3, 0)"
                + " where id = :id", Parameters.with("grams", grams).and("cm3", cm3).and("id", flightId));
    }

    private static Parameters room(long grams, long cm3, Instant now) {
        return Parameters.with("grams", grams).and("cm3", cm3).and("now", now).and("phases", LaunchPhase.onSale());
    }
}
