package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.rocketexpress.model.RocketExpress;

/** What the origin region hands over when its flight lands here. */
@JsonClassDescription("What the launch's origin region hands over when its flight lands off this region: the launch, the vehicle and its cargo.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoverySpec {

    @JsonPropertyDescription("The Launch whose vehicle landed, in the origin region's cluster.")
    @Required
    private LaunchReference launch;

    @JsonPropertyDescription("The vehicle that landed, as the origin knew it at landing.")
    @Required
    private VehicleSnapshot vehicle;

    @JsonPropertyDescription("Time the vehicle landed at sea (RFC 3339).")
    @Required
    @Pattern(RocketExpress.TIMESTAMP_PATTERN)
    private String landedAt;

    @JsonPropertyDescription("The cargo on board.")
    private ManifestSummary manifest;

    public LaunchReference getLaunch() {
        return launch;
    }

    public void setLaunch(LaunchReference launch) {
        this.launch = launch;
    }

    public VehicleSnapshot getVehicle() {
        return vehicle;
    }

    public void setVehicle(VehicleSnapshot vehicle) {
        this.vehicle = vehicle;
    }

    public String getLandedAt() {
        return landedAt;
    }

    public void setLandedAt(String landedAt) {
        this.landedAt = landedAt;
    }

    public ManifestSummary getManifest() {
        return manifest;
    }

    public void setManifest(ManifestSummary manifest) {
        this.manifest = manifest;
    }
}
