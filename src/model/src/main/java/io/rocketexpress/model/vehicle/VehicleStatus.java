package io.rocketexpress.model.vehicle;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observes and decides about a vehicle. */
@JsonClassDescription("What the operator observes and decides about a vehicle.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VehicleStatus {

    @JsonPropertyDescription("Where the vehicle is in its life: Available, Reserved, InFlight, Recovering, Refurbishing, Grounded or Retired.")
    private VehiclePhase phase;

    @JsonPropertyDescription("Region the vehicle is at now (after its last recovered flight).")
    private String region;

    @JsonPropertyDescription("Launch the vehicle is reserved for or flying, or the last one it flew.")
    private String launch;

    @JsonPropertyDescription("Number of recovered flights the vehicle has made.")
    @Min(0)
    private Integer flights;

    @JsonPropertyDescription("When a Refurbishing vehicle becomes Available again (RFC 3339).")
    @Pattern(RocketExpress.TIMESTAMP_PATTERN)
    private String availableAt;

    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions; Ready=True means a Launch may reserve the vehicle now.")
    private List<Condition> conditions = new ArrayList<>();

    public VehiclePhase getPhase() {
        return phase;
    }

    public void setPhase(VehiclePhase phase) {
        this.phase = phase;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getLaunch() {
        return launch;
    }

    public void setLaunch(String launch) {
        this.launch = launch;
    }

    public Integer getFlights() {
        return flights;
    }

    public void setFlights(Integer flights) {
        this.flights = flights;
    }

    public String getAvailableAt() {
        return availableAt;
    }

    public void setAvailableAt(String availableAt) {
        this.availableAt = availableAt;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
