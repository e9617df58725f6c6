package io.rocketexpress.gateway.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** One tracking event's delivery to the partner's endpoint, with every attempt so far. */
@Schema(name = "WebhookDelivery")
public record DeliveryView(
        @Schema(description = "The delivery's id; the payload's id and the RocketExpress-Delivery header carry it")
        String id,
        long eventId,
        String trackingNumber,
        @Schema(description = "The tracking status the event reports") String eventStatus,
        @Schema(description = "PENDING (being tried), DELIVERED, DEAD (given up after rocketexpress.gateway.webhooks.give-up-after), "
                + "CANCELLED (the endpoint was removed first)")
        String state,
        Instant createdAt,
        @Schema(description = "When the next attempt is due, while PENDING") Instant nextAttemptAt,
        Instant finishedAt,
        List<Attempt> attempts) {

    /** One try: what the endpoint answered, or why nothing came back. */
    @Schema(name = "WebhookAttempt")
    public record Attempt(int attempt, Instant at, String url,
                          @Schema(description = "The endpoint's HTTP status; absent when it did not answer") Integer responseStatus,
                          @Schema(description = "What went wrong, in a word; absent for a success: status (not 2xx), "
                                  + "timeout, refused, tls, blocked-address (internal address or port not allowed), "
                                  + "too-large (answer over 8 KiB)") String error,
                          long durationMs) {
    }

    /** A page of deliveries, newest first. */
    @Schema(name = "WebhookDeliveryPage")
    public record Page(List<DeliveryView> items,
                       @Schema(description = "Pass as cursor for the next page; absent on the last page") String nextCursor) {
    }
}
