package io.rocketexpress.gateway.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to deliver a partner's tracking events. */
@Schema(name = "WebhookRegistration")
public record WebhookRegistration(
        @Schema(description = "HTTPS URL that receives a POST per tracking event", example = "https://hooks.example.com/rocket-express")
        @NotBlank @Size(max = 2048) String url,
        @Schema(description = "On registering again: stop signing with the secret being replaced at once (it leaked), "
                + "rather than sign with both for the overlap (24 hours by default)")
        Boolean revokePreviousSecret) {

    boolean revokesPreviousSecret() {
        return Boolean.TRUE.equals(revokePreviousSecret);
    }
}
