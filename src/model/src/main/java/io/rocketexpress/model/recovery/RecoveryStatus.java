package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.common.JobReference;

import java.util.ArrayList;
import java.util.List;

/** What this region's operator observes and decides about a recovery. */
@JsonClassDescription("What this region's operator observes and decides about a recovery.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryStatus {

    @JsonPropertyDescription("Where the recovery is: Pending, Recovering, Recovered or Failed.")
    private RecoveryPhase phase;

    @JsonPropertyDescription("The current barge-recovery Job, in this cluster.")
    private JobReference job;

    @JsonPropertyDescription("Barge-recovery Jobs started so far, the current one included.")
    private Integer attempts;

    @JsonPropertyDescription("Time the barge-recovery Job completed (RFC 3339).")
    private String recoveredAt;

    @JsonPropertyDescription("Human-readable summary of the latest transition or problem.")
    private String message;

    @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: Recovered and Failed.")
    private List<Condition> conditions = new ArrayList<>();

    public RecoveryPhase getPhase() {
        return phase;
    }

    public void setPhase(RecoveryPhase phase) {
        this.phase = phase;
    }

    public JobReference getJob() {
        return job;
    }

    public void setJob(JobReference job) {
        this.job = job;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
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
