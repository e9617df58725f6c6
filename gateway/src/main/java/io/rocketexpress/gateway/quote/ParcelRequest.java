package io.rocketexpress.gateway.quote;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One parcel as a partner describes it. */
@Schema(description = "A parcel: its mass and the sides of its box")
public record ParcelRequest(
        @Schema(description = "Mass in kilograms", examples = "12.5") @NotNull @Positive Double massKg,
        @Schema(description = "Longest side in centimetres", examples = "60") @NotNull @Positive Double lengthCm,
        @Schema(description = "Second side in centimetres", examples = "40") @NotNull @Positive Double widthCm,
        @Schema(description = "Third side in centimetres", examples = "30") @NotNull @Positive Double heightCm) {

    /** The box's volume in cubic centimetres. */
    public double volumeCm3() {
        return lengthCm * widthCm * heightCm;
    }
}
