package io.rocketexpress.gateway.booking;

/** Where a booking stands. */
public enum BookingStatus {
    /** Its parcels have room on a flight. */
    CONFIRMED,
    /** No flight on the route had room; it gets one as room appears. */
    WAITLISTED,
    /** The partner cancelled it; its room went back on sale. */
    CANCELLED
}
