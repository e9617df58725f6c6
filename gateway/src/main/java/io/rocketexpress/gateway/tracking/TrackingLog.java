package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.booking.Parcel;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * The one way a parcel's status changes: an event on its timeline, in the caller's transaction, in the
 * order {@link TrackingStatus#canFollow} allows.
 */
@ApplicationScoped
public class TrackingLog {

    private final Clock clock;

    TrackingLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Opens a new parcel's timeline: sets its status and returns the first event, for the caller to persist
     * after the parcel.
     */
    public TrackingEvent start(Parcel parcel, TrackingStatus status, String region, String detail) {
        if (!status.canFollow(null)) {
            throw new IllegalArgumentException("a timeline cannot start with " + status);
        }
        return event(parcel, status, region, detail);
    }

    /**
     * Appends the event and makes it the parcel's current status.
     *
     * @throws ProblemException 409 when the status cannot follow the parcel's current one
     */
    public Uni<TrackingEvent> append(Parcel parcel, TrackingStatus status, String region, String detail) {
        return append(parcel, status, region, detail, null);
    }

    /**
     * Appends an event caused by a flight's progress; the database takes each such status once per parcel
     * and flight.
     */
    public Uni<TrackingEvent> append(Parcel parcel, TrackingStatus status, String region, String detail,
                                     String flightId) {
        if (!status.canFollow(parcel.status)) {
            throw new ProblemException(ProblemType.CONFLICT, "parcel " + parcel.trackingNumber + " is "
                    + parcel.status + "; " + status + " cannot follow that");
        }
        TrackingEvent event = event(parcel, status, region, detail);
        event.flightId = flightId;
        return event.persist();
    }

    private TrackingEvent event(Parcel parcel, TrackingStatus status, String region, String detail) {
        Instant now = clock.instant();
        TrackingEvent event = new TrackingEvent();
        event.trackingNumber = parcel.trackingNumber;
        event.status = status;
        event.occurredAt = now;
        event.region = region;
        event.detail = detail;
        parcel.status = status;
        parcel.updatedAt = now;
        return event;
    }
}
