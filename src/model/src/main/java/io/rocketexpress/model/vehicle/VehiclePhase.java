package io.rocketexpress.model.vehicle;

/** Where a vehicle is in its life: see the Vehicle section of the product specification. */
public enum VehiclePhase {
    /** At a spaceport, refurbished, free to be reserved. */
    Available,
    /** Held by a Launch that has not lifted off yet. */
    Reserved,
    /** Flying its Launch. */
    InFlight,
    /** Landed at sea, the barge bringing it and its cargo in. */
    Recovering,
    /** Back at a spaceport, being prepared for its next flight until {@code availableAt}. */
    Refurbishing,
    /** Cordoned by the platform team or after a mission failure. */
    Grounded,
    /** Flown its maximum number of flights. */
    Retired
}
