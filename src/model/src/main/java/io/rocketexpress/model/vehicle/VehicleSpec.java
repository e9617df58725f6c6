package io.rocketexpress.model.vehicle;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.rocketexpress.model.RocketExpress;

import java.time.Duration;

/** What the platform team declares about a vehicle. */
@JsonClassDescription("What the platform team declares about a vehicle.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VehicleSpec {

    public static final String DEFAULT_MODEL = "XZY-1";
    public static final double DEFAULT_PAYLOAD_KG = 10_000;
    public static final double DEFAULT_CARGO_VOLUME_M3 = 120;
    public static final int DEFAULT_MAX_FLIGHTS = 20;
    public static final String DEFAULT_TURNAROUND = "PT18H";

    @JsonPropertyDescription("Vehicle model, for example XZY-1.")
    @Default(DEFAULT_MODEL)
    private String model = DEFAULT_MODEL;

    @JsonPropertyDescription("Largest payload mass the vehicle carries, in kilograms.")
    @Default("10000")
    @Min(value = 0, inclusive = false)
    private Double payloadCapacityKg = DEFAULT_PAYLOAD_KG;

    @JsonPropertyDescription("Volume of the cargo cabin, in cubic metres.")
    @Default("120")
    @Min(value = 0, inclusive = false)
    private Double cargoVolumeM3 = DEFAULT_CARGO_VOLUME_M3;

    @JsonPropertyDescription("Region the vehicle is first stationed at; it moves with every flight (see status.region).")
    @Required
    @Pattern(RocketExpress.REGION_NAME_PATTERN)
    private String homeRegion;

    @JsonPropertyDescription("Number of flights the vehicle is designed for; it is retired after that many.")
    @Default("20")
    @Min(1)
    private Integer maxFlights = DEFAULT_MAX_FLIGHTS;

    @JsonPropertyDescription("Time to refurbish the vehicle after a recovered flight, as an ISO-8601 duration (PT18H).")
    @Default(DEFAULT_TURNAROUND)
    @Pattern(RocketExpress.DURATION_PATTERN)
    private String turnaround = DEFAULT_TURNAROUND;

    @JsonPropertyDescription("Set by the platform team to keep the vehicle out of service: it is never reserved while grounded.")
    @Default("false")
    private Boolean grounded = false;

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Double getPayloadCapacityKg() {
        return payloadCapacityKg;
    }

    public void setPayloadCapacityKg(Double payloadCapacityKg) {
        this.payloadCapacityKg = payloadCapacityKg;
    }

    public Double getCargoVolumeM3() {
        return cargoVolumeM3;
    }

    public void setCargoVolumeM3(Double cargoVolumeM3) {
        this.cargoVolumeM3 = cargoVolumeM3;
    }

    public String getHomeRegion() {
        return homeRegion;
    }

    public void setHomeRegion(String homeRegion) {
        this.homeRegion = homeRegion;
    }

    public Integer getMaxFlights() {
        return maxFlights;
    }

    public void setMaxFlights(Integer maxFlights) {
        this.maxFlights = maxFlights;
    }

    public String getTurnaround() {
        return turnaround;
    }

    public void setTurnaround(String turnaround) {
        this.turnaround = turnaround;
    }

    /** The turnaround as a duration, the default when unset. */
    public Duration turnaroundDuration() {
        return Duration.parse(turnaround == null ? DEFAULT_TURNAROUND : turnaround);
    }

    public Boolean getGrounded() {
        return grounded;
    }

    public void setGrounded(Boolean grounded) {
        this.grounded = grounded;
    }

    /** True when the platform team grounded the vehicle. */
    public boolean grounded() {
        return Boolean.TRUE.equals(grounded);
    }
}
