package io.rocketexpress.gateway.flight;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Claims and releases room on flights, inside the caller's transaction. A claim is one conditional
 * UPDATE: the row lock makes concurrent claims on a flight queue up, and each re-checks the room left
 * after the one before it, so a flight is never sold beyond its mass or its volume.
 */
@ApplicationScoped
public class FlightCapacity {


    private static final String ROOM = "bookedGrams + :grams <= capacityGrams and bookedCm3 + :cm3 <= capacityCm3"
            + " and sealed = false and cutoffAt > :now and phase in :phases";

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

    /** Puts room back on sale (a cancelled booking). */
    public Uni<Integer> release(String flightId, long grams, long cm3) {
        return Flight.update("bookedGrams = greatest(bookedGrams - :grams, 0), bookedCm3 = greatest(bookedCm3 - :cm3, 0)"
                + " where id = :id", Parameters.with("grams", grams).and("cm3", cm3).and("id", flightId));
    }

    private static Parameters room(long grams, long cm3, Instant now) {
        return Parameters.with("grams", grams).and("cm3", cm3).and("now", now).and("phases", LaunchPhase.onSale());
    }
}
