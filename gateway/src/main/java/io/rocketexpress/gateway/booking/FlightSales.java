package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightPlan;
import io.rocketexpress.gateway.flight.FlightSchedule;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** Puts the schedule's flights on sale: each new or changed flight first offers its room to the waitlist. */
@ApplicationScoped
public class FlightSales {

    private final FlightSchedule schedule;
    private final Waitlist waitlist;
    private final Clock clock;

    FlightSales(FlightSchedule schedule, Waitlist waitlist, Clock clock) {
        this.schedule = schedule;
        this.waitlist = waitlist;
        this.clock = clock;
    }

    /** Inserts or updates the flight, then places waitlisted bookings of its route that now fit. */
    public Uni<Flight> offer(FlightPlan plan) {
        // Only a flight on sale with room can take waitlisted bookings: a launch's later phases (every change of a
        // flown launch comes through here) leave the waitlist alone.
        return schedule.put(plan).call(flight -> flight.onSale(clock.instant()) && flight.remainingGrams() > 0
                && flight.remainingCm3() > 0
                ? waitlist.place(flight.origin, flight.destination)
                : Uni.createFrom().voidItem());
    }
}
