package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.booking.Parcel;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/** The one way a parcel's status changes: an event appended to its timeline, in the caller's transaction. */
@ApplicationScoped
public class TrackingLog {

    private final Clock clock;

    TrackingLog(Clock clock) {
        this.clock = clock;
    }

    /** Appends the event and makes it the parcel's current status. */
    public Uni<TrackingEvent> append(Parcel parcel, TrackingStatus status, String region, String detail) {
        Instant now = clock.instant();
        TrackingEvent event = new TrackingEvent();
        event.trackingNumber = parcel.trackingNumber;
        event.status = status;
        event.occurredAt = now;
        event.region = region;
        event.detail = detail;
        parcel.status = status;
        parcel.updatedAt = now;
        return event.persist();
    }
}
