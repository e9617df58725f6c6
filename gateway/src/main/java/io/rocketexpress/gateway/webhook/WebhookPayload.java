package io.rocketexpress.gateway.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * The body of a delivery. {@code id} is the delivery's, the same on every attempt: a receiver that already
 * took it can answer 2xx and ignore it.
 */
public record WebhookPayload(String id, String type, Instant createdAt, Event data) {

    static final String TYPE = "tracking.event";

    /** The tracking event, as the tracking API shows it, with the ids that place it. */
    public record Event(long eventId, String trackingNumber, UUID bookingId, String status, Instant at,
                        String region, String detail) {
    }
}
