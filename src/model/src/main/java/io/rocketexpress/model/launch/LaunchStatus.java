package io.rocketexpress.model.launch;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.common.JobReference;

import java.util.ArrayList;
import java.util.List;

/** What the operator observes and decides about a Launch. */
@JsonClassDescription("What the operator observes and decides about a Launch.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LaunchStatus {

    @JsonPropertyDescription("Where the launch is: Pending, Scheduled, Launching, InFlight, Landed, Recovering, Completed, Scrubbed or Failed.")
    private LaunchPhase phase;

    @JsonPropertyDescription("Vehicle reserved for this launch.")
    private String vehicle;

    @JsonPropertyDescription("The vehicle-controller Job, in the origin region's cluster.")
    private JobReference controllerJob;

    @JsonPropertyDescription("The Recovery handed over to the destination region's cluster at landing.")
    private JobReference recovery;

    @JsonPropertyDescription("The current barge-recovery Job, run by the destination region's operator in its own cluster, as its Recovery reports it.")
    private JobReference recoveryJob;

    @JsonPropertyDescription("Liftoff time reported by the vehicle controller (RFC 3339).")
    private String liftoffAt;

    @JsonPropertyDescription("Time the vehicle-controller Job completed after a safe landing (RFC 3339).")
    private String landedAt;

    @JsonPropertyDescription("Time the barge-recovery Job completed (RFC 3339).")
    private String recoveredAt;

    @JsonPropertyDescription("Human-readable summary of the latest transition or problem.")
    private String message;

    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: RegionsValid, VehicleReserved, ManifestSealed, Launched, Landed, Recovered, RegionReachable, AnnotationsValid, and the terminal Complete/Failed pair.")
    private List<Condition> conditions = new ArrayList<>();

    public LaunchPhase getPhase() {
        return phase;
    }

    public void setPhase(LaunchPhase phase) {
        this.phase = phase;
    }

    public String getVehicle() {
        return vehicle;
    }

    public void setVehicle(String vehicle) {
        this.vehicle = vehicle;
    }

    public JobReference getControllerJob() {
        return controllerJob;
    }

    public void setControllerJob(JobReference controllerJob) {
        this.controllerJob = controllerJob;
    }

    public JobReference getRecovery() {
        return recovery;
    }

    public void setRecovery(JobReference recovery) {
        this.recovery = recovery;
    }

    public JobReference getRecoveryJob() {
        return recoveryJob;
    }

    public void setRecoveryJob(JobReference recoveryJob) {
        this.recoveryJob = recoveryJob;
    }

    public String getLiftoffAt() {
        return liftoffAt;
    }

    public void setLiftoffAt(String liftoffAt) {
        this.liftoffAt = liftoffAt;
    }

    public String getLandedAt() {
        return landedAt;
    }

    public void setLandedAt(String landedAt) {
        this.landedAt = landedAt;
    }

    public String getRecoveredAt() {
        return recoveredAt;
    }

    public void setRecoveredAt(String recoveredAt) {
        this.recoveredAt = recoveredAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
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
