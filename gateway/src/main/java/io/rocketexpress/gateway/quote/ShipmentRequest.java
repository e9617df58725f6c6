package io.rocketexpress.gateway.quote;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Parcels to send from one region to another: what a quote prices and a booking books. */
@Schema(description = "Parcels to send from one region to another")
public record ShipmentRequest(
        @Schema(description = "Region the parcels leave from: this gateway's region", examples = "hangzhou")
        @NotBlank String origin,
        @Schema(description = "Region the parcels go to", examples = "dubai")
        @NotBlank String destination,
        @Schema(description = "The parcels, at least one")
        @NotEmpty List<@NotNull @Valid ParcelRequest> parcels) {

    /** A request as the API documentation shows it. */
    public static final String EXAMPLE = """
            {"origin": "hangzhou", "destination": "dubai", "parcels": [
              {"massKg": 12.5, "lengthCm": 60, "widthCm": 40, "heightCm": 30},
              {"massKg": 2, "lengthCm": 30, "widthCm": 20, "heightCm": 10}]}""";
}
