package io.rocketexpress.gateway.pages;

import java.time.Instant;

/**
 * One flight as the public sees it: its route, window, phase and how full it is, in totals only. It is also what
 * another region's gateway reads of this one's departures for its arrivals board.
 *
 * @param flight       the Launch's name
 * @param phase        the Launch's phase (Pending, Scheduled, Launching, InFlight, ...)
 * @param sealed       whether its manifest is sealed
 * @param liftoffAt    when it lifted off, once it has
 * @param vehicle      the vehicle flying it, once known
 * @param massBooked   share of its payload mass booked, 0 to 1
 * @param volumeBooked share of its cargo volume booked, 0 to 1
 */
public record PublicFlight(String flight, String origin, String destination, Instant opensAt, Instant closesAt,
                           Instant cutoffAt, String phase, boolean sealed, Instant liftoffAt, String vehicle,
                           double massBooked, double volumeBooked) {
}
