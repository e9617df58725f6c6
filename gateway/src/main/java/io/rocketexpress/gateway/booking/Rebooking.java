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
 * Moves the bookings of a scrubbed flight to the next flight of their route with room, oldest booking first,
 * or back to the waitlist. Every parcel gets REBOOKED (naming the scrubbed flight, hence once), then
 * WAITLISTED if no flight had room.
 */
@ApplicationScoped
public class Rebooking {

    private final FlightCapacity capacity;
    private final TrackingLog tracking;
    private final Regions regions;
    private final Clock clock;

    Rebooking(FlightCapacity capacity, TrackingLog tracking, Regions regions, Clock clock) {
        this.capacity = capacity;
        this.tracking = tracking;
        this.regions = regions;
        this.clock = clock;
    }

    /** @return how many bookings were moved off the flight */
    public Uni<Integer> rebook(String scrubbedFlightId, String reason) {
        return Panache.withSession(() -> Booking.<Booking>list("flightId = ?1 and status = ?2",
                        Sort.by("createdAt").and("id"), scrubbedFlightId, BookingStatus.CONFIRMED))
                .flatMap(bookings -> Multi.createFrom().iterable(bookings)
                        .onItem().transformToUniAndConcatenate(booking -> Panache.withTransaction(() ->
                                // Locked and read again: another replica may have moved it already.
                                Booking.<Booking>findById(booking.id, LockModeType.PESSIMISTIC_WRITE)
                                        .flatMap(current -> current.status != BookingStatus.CONFIRMED
                                                || !scrubbedFlightId.equals(current.flightId)
                                                ? Uni.createFrom().item(false)
                                                : move(current, scrubbedFlightId, reason))))
                        .collect().asList()
                        .map(moved -> (int) moved.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> move(Booking booking, String scrubbedFlightId, String reason) {
        return capacity.release(scrubbedFlightId, booking.massGrams, booking.volumeCm3)
                .flatMap(released -> capacity.claimEarliest(booking.origin, booking.destination, booking.massGrams,
                        booking.volumeCm3))
                .flatMap(next -> {
                    booking.updatedAt = clock.instant();
                    String detail;
                    if (next == null) {
                        booking.status = BookingStatus.WAITLISTED;
                        booking.flightId = null;
                        detail = reason + "; no flight on the route has room yet, so the parcel waits for one";
                    } else {
                        booking.flightId = next.id;
                        detail = reason + "; rebooked onto flight " + next.id + " opening " + next.opensAt;
                    }
                    return Parcel.<Parcel>list("bookingId", booking.id).flatMap(parcels -> record(parcels,
                            scrubbedFlightId, detail, next));
                })
                .replaceWith(true);
    }

    private Uni<List<Object>> record(List<Parcel> parcels, String scrubbedFlightId, String detail, Flight next) {
        return Multi.createFrom().iterable(parcels)
                .onItem().transformToUniAndConcatenate(parcel -> tracking.append(parcel, TrackingStatus.REBOOKED,
                                regions.local(), detail, scrubbedFlightId)
                        .flatMap(rebooked -> next != null ? Uni.createFrom().item((Object) rebooked)
                                : tracking.append(parcel, TrackingStatus.WAITLISTED, regions.local(),
                                        "waiting for room on the route", scrubbedFlightId).map(e -> (Object) e)))
                .collect().asList();
    }
}
