package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightPlan;
import io.rocketexpress.gateway.flight.FlightSchedule;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Puts the schedule's flights on sale: each new or changed flight first offers its room to the waitlist. */
@ApplicationScoped
public class FlightSales {

    private final FlightSchedule schedule;
    private final Waitlist waitlist;

    FlightSales(FlightSchedule schedule, Waitlist waitlist) {
        this.schedule = schedule;
        this.waitlist = waitlist;
    }

    /** Inserts or updates the flight, then places waitlisted bookings of its route that now fit. */
    public Uni<Flight> offer(FlightPlan plan) {
        return schedule.put(plan).call(flight -> waitlist.place(flight.origin, flight.destination));
    }
}
