package io.rocketexpress.model.launch;

/** Where a Launch is in its state machine (product specification, operator behaviour). */
public enum LaunchPhase {
    /** Accepted, not yet holding a vehicle. */
    Pending,
    /** Holding a vehicle, waiting for its window and its sealed manifest. */
    Scheduled,
    /** The vehicle-controller Job exists; liftoff not yet reported. */
    Launching,
    /** The vehicle controller reported liftoff. */
    InFlight,
    /** The vehicle-controller Job completed: a safe landing at sea. */
    Landed,
    /** The barge-recovery Job runs in the destination region. */
    Recovering,
    /** Cargo unloaded at the destination hub. Terminal. */
    Completed,
    /** Called off before liftoff. Terminal. */
    Scrubbed,
    /** The mission failed. Terminal. */
    Failed;

    /** True for the phases a Launch never leaves. */
    public boolean isTerminal() {
        return this == Completed || this == Scrubbed || this == Failed;
    }
}
