package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.ledger.TrackingEvent;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A parcel's current status and its whole timeline, oldest event first. */
@Schema(name = "Tracking")
public record TrackingView(String trackingNumber, String status, String origin, String destination,
                           String flight, List<Event> events) {

    /** One step of the journey: what, when, where, and anything worth telling. */
    @Schema(name = "TrackingEvent")
    public record Event(String status, Instant at, String region, String detail) {

        static Event of(TrackingEvent event) {
            return new Event(event.status.name(), event.occurredAt, event.region, event.detail);
        }
    }
}
