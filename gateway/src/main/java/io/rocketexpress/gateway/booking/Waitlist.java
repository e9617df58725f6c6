package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightCapacity;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts waitlisted bookings on flights as room appears on their route, oldest booking first. A booking too
 * large for the room does not hold up smaller ones behind it.
 */
@ApplicationScoped
public class Waitlist {

    /** Flights of a route whose room one round looks at, as a sale does. */
    private static final int ROOM_LOOKED_AT = 20;

    private final FlightCapacity capacity;
    private final TrackingLog tracking;
    private final Regions regions;
    private final Clock clock;

    Waitlist(FlightCapacity capacity, TrackingLog tracking, Regions regions, Clock clock) {
        this.capacity = capacity;
        this.tracking = tracking;
        this.regions = regions;
        this.clock = clock;
    }

    /** @return how many bookings got a flight */
    public Uni<Integer> place(String origin, String destination) {
        // The room on sale is read first: with none, a waitlist of thousands costs one query, not a transaction each.
        return Panache.withSession(() -> capacity.withRoom(origin, destination, 1, 1, ROOM_LOOKED_AT)
                .flatMap(flights -> flights.isEmpty() ? Uni.createFrom().item(0)
                        : Booking.<Booking>list("origin = ?1 and destination = ?2 and status = ?3",
                                        Sort.by("createdAt").and("id"), origin, destination, BookingStatus.WAITLISTED)
                                .flatMap(waiting -> placeEach(waiting, Room.of(flights)))));
    }

    private Uni<Integer> placeEach(List<Booking> waiting, Room room) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(waiting)
                // A booking no flight seen on sale could take is passed over without a transaction; the claim
                // itself, below, stays the only judge of the room.
                .onItem().transformToUniAndConcatenate(booking -> !room.fits(booking.massGrams, booking.volumeCm3)
                        ? Uni.createFrom().item(false)
                        : Panache.withTransaction(() ->
                        // Locked and read again: a cancellation or another replica may have got there first.
                        Booking.<Booking>findById(booking.id, LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(current -> current.status != BookingStatus.WAITLISTED
                                ? Uni.createFrom().item(false)
                                : capacity.claimEarliest(current.origin, current.destination, current.massGrams,
                                        current.volumeCm3).flatMap(flight -> {
                                            if (flight == null) {
                                                return Uni.createFrom().item(false);
                                            }
                                            room.taken(flight.id, current.massGrams, current.volumeCm3);
                                            return confirm(current, flight);
                                        }))))
                .collect().asList()
                .map(placed -> (int) placed.stream().filter(Boolean::booleanValue).count());
    }

    /**
     * The room left on the route's flights on sale, as read when a round began and less what the round took: a
     * quick test of whether a claim could succeed at all. Room freed meanwhile is left to the next round (a
     * cancellation or a changed flight starts one).
     */
    private static final class Room {

        private final Map<String, long[]> left = new HashMap<>();

        static Room of(List<Flight> flights) {
            Room room = new Room();
            flights.forEach(flight -> room.left.put(flight.id, new long[] {flight.remainingGrams(), flight.remainingCm3()}));
            return room;
        }

        boolean fits(long grams, long cm3) {
            return left.values().stream().anyMatch(flight -> flight[0] >= grams && flight[1] >= cm3);
        }

        void taken(String flightId, long grams, long cm3) {
            long[] flight = left.get(flightId);
            if (flight != null) {
                flight[0] -= grams;
                flight[1] -= cm3;
            }
        }
    }

    private Uni<Boolean> confirm(Booking booking, Flight flight) {
        booking.status = BookingStatus.CONFIRMED;
        booking.flightId = flight.id;
        booking.updatedAt = clock.instant();
        return Parcel.<Parcel>list("bookingId", booking.id)
                .flatMap(parcels -> Multi.createFrom().iterable(parcels)
                        .onItem().transformToUniAndConcatenate(parcel -> tracking.append(parcel, TrackingStatus.BOOKED,
                                regions.local(), "room found on flight " + flight.id + " after waiting"))
                        .collect().asList())
                .replaceWith(true);
    }
}
