package io.rocketexpress.model.tracking;

/** Status of a parcel in its tracking timeline (product specification, gateway API). */
public enum TrackingStatus {
    BOOKED(false, false),
    WAITLISTED(false, false),
    MANIFESTED(false, false),
    LOADED(false, false),
    LAUNCHED(false, false),
    LANDED(false, false),
    RECOVERED(false, false),
    OUT_FOR_DELIVERY(false, false),
    DELIVERED(false, true),
    /** The partner cancelled the booking before the manifest was sealed. */
    CANCELLED(true, true),
    /** The parcel's launch was scrubbed; it moves to the next launch on the route. */
    REBOOKED(true, false),
    /** The parcel's mission failed. */
    LOST(true, true),
    /** The last mile could not hand the parcel over; another attempt may follow. */
    DELIVERY_FAILED(true, false);

    private final boolean exception;
    private final boolean terminal;

    TrackingStatus(boolean exception, boolean terminal) {
        this.exception = exception;
        this.terminal = terminal;
    }

    /** True for the statuses that report something going other than planned. */
    public boolean isException() {
        return exception;
    }

    /** True when no further event can follow. */
    public boolean isTerminal() {
        return terminal;
    }
}
