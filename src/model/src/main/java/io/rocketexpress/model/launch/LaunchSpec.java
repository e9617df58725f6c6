package io.rocketexpress.model.launch;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.rocketexpress.model.RocketExpress;

import java.time.Duration;

/** What the platform team schedules: a flight between two regions in a window. */
@JsonClassDescription("What the platform team schedules: a flight between two regions in a window.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.origin != self.destination",
        message = "origin and destination must be different regions",
        reason = "FieldValueInvalid")
public class LaunchSpec {

    public static final String DEFAULT_CUTOFF = "PT30M";

    @JsonPropertyDescription("Name of the Vehicle to fly. Empty: the operator reserves an available vehicle at the origin with room for the manifest.")
    private String vehicle;

    @JsonPropertyDescription("Region the launch lifts off from; its cluster holds this Launch and runs the vehicle-controller Job.")
    @Required
    @Pattern(RocketExpress.REGION_NAME_PATTERN)
    private String origin;

    @JsonPropertyDescription("Region the vehicle lands at; its cluster runs the barge-recovery Job. Must differ from origin.")
    @Required
    @Pattern(RocketExpress.REGION_NAME_PATTERN)
    private String destination;

    @JsonPropertyDescription("Liftoff window.")
    @Required
    private LaunchWindow window;

    @JsonPropertyDescription("How long before window.opensAt sales close and the gateway seals the manifest, as an ISO-8601 duration (PT30M).")
    @Default(DEFAULT_CUTOFF)
    @Pattern(RocketExpress.DURATION_PATTERN)
    private String cutoff = DEFAULT_CUTOFF;

    @JsonPropertyDescription("Set by the platform team to call the launch off; honoured until liftoff.")
    @Default("false")
    private Boolean scrub = false;

    @JsonPropertyDescription("The cargo list, owned by the gateway: it seals it at the cutoff.")
    private Manifest manifest;

    public String getVehicle() {
        return vehicle;
    }

    public void setVehicle(String vehicle) {
        this.vehicle = vehicle;
    }

    public String getOrigin() {
        return origin;
    }

    public void setOrigin(String origin) {
        this.origin = origin;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public LaunchWindow getWindow() {
        return window;
    }

    public void setWindow(LaunchWindow window) {
        this.window = window;
    }

    public String getCutoff() {
        return cutoff;
    }

    public void setCutoff(String cutoff) {
        this.cutoff = cutoff;
    }

    /** The cutoff as a duration, the default when unset. */
    public Duration cutoffDuration() {
        return Duration.parse(cutoff == null ? DEFAULT_CUTOFF : cutoff);
    }

    public Boolean getScrub() {
        return scrub;
    }

    public void setScrub(Boolean scrub) {
        this.scrub = scrub;
    }

    /** True when the platform team called the launch off. */
    public boolean scrub() {
        return Boolean.TRUE.equals(scrub);
    }

    public Manifest getManifest() {
        return manifest;
    }

    public void setManifest(Manifest manifest) {
        this.manifest = manifest;
    }

    /** True when the gateway sealed the manifest. */
    public boolean manifestSealed() {
        return manifest != null && manifest.sealed();
    }
}
