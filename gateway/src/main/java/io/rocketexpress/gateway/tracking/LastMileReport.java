package io.rocketexpress.gateway.tracking;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the last mile reports of a parcel. */
@Schema(description = "A last-mile report: out for delivery, delivered (to whom, with what proof), or failed")
public record LastMileReport(
        @Schema(description = "OUT_FOR_DELIVERY, DELIVERED or DELIVERY_FAILED") @NotNull String status,
        @Schema(description = "Who took the parcel; required for DELIVERED", examples = "Li Wei")
        @Size(max = 200) String recipient,
        @Schema(description = "Proof of delivery: a signature or photo reference", examples = "photo:7f3a9c")
        @Size(max = 500) String proof,
        @Schema(description = "Anything else worth telling, like why a delivery failed", examples = "nobody home")
        @Size(max = 500) String detail) {
}
