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
import java.util.List;

/**
 * Puts waitlisted bookings on flights as room appears on their route, oldest booking first. A booking too
 * large for the room does not hold up smaller ones behind it.
 */
@ApplicationScoped
public class Waitlist {

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
        return Panache.withSession(() -> Booking.<Booking>list(
                        "origin = ?1 and destination = ?2 and status = ?3", Sort.by("createdAt").and("id"),
                        origin, destination, BookingStatus.WAITLISTED))
                .flatMap(this::placeEach);
    }

    private Uni<Integer> placeEach(List<Booking> waiting) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(waiting)
                .onItem().transformToUniAndConcatenate(booking -> Panache.withTransaction(() ->
                        // Locked and read again: a cancellation or another replica may have got there first.
                        Booking.<Booking>findById(booking.id, LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(current -> current.status != BookingStatus.WAITLISTED
                                ? Uni.createFrom().item(false)
                                : capacity.claimEarliest(current.origin, current.destination, current.massGrams,
                                        current.volumeCm3).flatMap(flight -> flight == null
                                        ? Uni.createFrom().item(false)
                                        : confirm(current, flight)))))
                .collect().asList()
                .map(placed -> (int) placed.stream().filter(Boolean::booleanValue).count());
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
