package io.rocketexpress.gateway.webhook;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A partner's webhook endpoint and how deliveries to it fare; the secret is never shown again. */
@Schema(name = "Webhook")
public record WebhookView(
        String url,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "CLOSED: deliveries flow. OPEN: the endpoint failed too often in a row and nothing "
                + "is sent until openUntil. HALF_OPEN: one delivery is probing the endpoint.")
        String breaker,
        @Schema(description = "Failed attempts in a row") int consecutiveFailures,
        Instant openUntil,
        @Schema(description = "Deliveries not yet made") long pending) {

    /** The answer to a registration: the only time the secret is shown. */
    @Schema(name = "WebhookRegistered")
    public record Registered(
            String url,
            @Schema(description = "Signs every delivery (RocketExpress-Signature); shown only now, keep it safe")
            String secret,
            Instant createdAt,
            Instant updatedAt,
            @Schema(description = "Until then the secret this registration replaced signs deliveries too, next to "
                    + "the new one; absent on a first registration or when it was revoked")
            Instant previousSecretExpiresAt) {
    }
}
