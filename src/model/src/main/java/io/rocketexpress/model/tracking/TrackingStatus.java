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

    /**
     * Whether this status may come next in a timeline whose latest status is {@code previous}; null means
     * the timeline is empty. The one place the order of a parcel's journey is written down.
     */
    public boolean canFollow(TrackingStatus previous) {
        if (previous == null) {
            return this == BOOKED || this == WAITLISTED;
        }
        if (previous.terminal) {
            return false;
        }
        return switch (this) {
            case BOOKED -> previous == WAITLISTED;
            case WAITLISTED -> previous == REBOOKED;
            case MANIFESTED -> previous == BOOKED || previous == REBOOKED;
            case LOADED -> previous == MANIFESTED;
            case LAUNCHED -> previous == LOADED;
            case LANDED -> previous == LAUNCHED;
            case RECOVERED -> previous == LANDED;
            case OUT_FOR_DELIVERY -> previous == RECOVERED || previous == DELIVERY_FAILED;
            case DELIVERED, DELIVERY_FAILED -> previous == OUT_FOR_DELIVERY;
            case CANCELLED -> previous == BOOKED || previous == WAITLISTED || previous == REBOOKED;
            case REBOOKED -> previous == BOOKED || previous == MANIFESTED || previous == LOADED
                    || previous == REBOOKED;
            case LOST -> previous == MANIFESTED || previous == LOADED || previous == LAUNCHED || previous == LANDED;
        };
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
