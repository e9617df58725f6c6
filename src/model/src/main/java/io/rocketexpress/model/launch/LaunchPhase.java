package io.rocketexpress.model.launch;

import io.rocketexpress.model.tracking.TrackingStatus;

import java.util.Arrays;
import java.util.List;

/**
 * Where a Launch is in its state machine (product specification, operator behaviour), and what each phase
 * means to those who sell and track its parcels. The answers are spelled out per phase, never derived from the
 * order of declaration.
 */
public enum LaunchPhase {
    /** Accepted, not yet holding a vehicle. */
    Pending(true, false, List.of()),
    /** Holding a vehicle, waiting for its window and its sealed manifest. */
    Scheduled(true, false, List.of()),
    /** The vehicle-controller Job exists; liftoff not yet reported. */
    Launching(false, false, List.of(TrackingStatus.LOADED)),
    /** The vehicle controller reported liftoff. */
    InFlight(false, true, List.of(TrackingStatus.LOADED, TrackingStatus.LAUNCHED)),
    /** The vehicle-controller Job completed: a safe landing at sea. */
    Landed(false, true, List.of(TrackingStatus.LOADED, TrackingStatus.LAUNCHED, TrackingStatus.LANDED)),
    /** The barge recovery runs in the destination region. */
    Recovering(false, true, List.of(TrackingStatus.LOADED, TrackingStatus.LAUNCHED, TrackingStatus.LANDED)),
    /** Cargo unloaded at the destination hub. Terminal. */
    Completed(false, true, List.of(TrackingStatus.LOADED, TrackingStatus.LAUNCHED, TrackingStatus.LANDED,
            TrackingStatus.RECOVERED)),
    /** Called off before liftoff. Terminal. */
    Scrubbed(false, false, List.of()),
    /**
     * The mission failed. Terminal. Whether it had lifted off is told by the status (liftoffAt), not by the
     * phase; its parcels are lost either way.
     */
    Failed(false, true, List.of(TrackingStatus.LOST));

    private final boolean onSale;
    private final boolean flown;
    private final List<TrackingStatus> trackingSteps;

    LaunchPhase(boolean onSale, boolean flown, List<TrackingStatus> trackingSteps) {
        this.onSale = onSale;
        this.flown = flown;
        this.trackingSteps = trackingSteps;
    }

    /** True for the phases a Launch never leaves. */
    public boolean isTerminal() {
        return this == Completed || this == Scrubbed || this == Failed;
    }

    /** True while parcels may still be booked onto it (the cutoff permitting): before any Job exists. */
    public boolean isOnSale() {
        return onSale;
    }

    /** The phases in which a launch is on sale. */
    public static List<LaunchPhase> onSale() {
        return Arrays.stream(values()).filter(LaunchPhase::isOnSale).toList();
    }

    /**
     * True once the launch is past the point where it could still be called off: its parcels' record stands
     * (a failed mission counts, whether or not it had lifted off).
     */
    public boolean hasFlown() {
        return flown;
    }

    /**
     * The tracking events reaching this phase implies for every parcel aboard, in order: LOADED once the
     * vehicle controller runs, LAUNCHED, LANDED, RECOVERED; LOST for a failed mission (the steps it had gone
     * through before are told by the status).
     */
    public List<TrackingStatus> trackingSteps() {
        return trackingSteps;
    }

    /** Whether reaching this phase implies that tracking event. */
    public boolean implies(TrackingStatus step) {
        return trackingSteps.contains(step);
    }
}
