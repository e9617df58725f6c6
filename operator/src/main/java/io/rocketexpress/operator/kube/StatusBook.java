package io.rocketexpress.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rocketexpress.model.common.Condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile's bookkeeping of a status: its conditions, set the Kubernetes way, and the Events that tell the
 * transitions once the status is written (never before: a status write lost to a conflict tells nothing).
 */
public final class StatusBook {

    private final List<Condition> conditions;
    private final Long generation;
    private final Instant now;
    private final List<Told> told = new ArrayList<>();

    /**
     * @param conditions the conditions of the status being decided, changed in place
     * @param generation the metadata.generation the status reflects
     * @param now        the time of this reconcile
     */
    public StatusBook(List<Condition> conditions, Long generation, Instant now) {
        this.conditions = conditions;
        this.generation = generation;
        this.now = now;
    }

    public Instant now() {
        return now;
    }

    /** Sets a condition; true when its status or reason changed, which is what deserves an Event. */
    public boolean condition(String type, boolean holds, String reason, String message) {
        String previous = Conditions.find(conditions, type).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
        Conditions.set(conditions, type, holds, reason, message, generation, now);
        return !Objects.equals(previous, (holds ? Condition.TRUE : Condition.FALSE) + "/" + reason);
    }

    /** A transition that went as planned, told once the status is written. */
    public void normal(String reason, String message) {
        told.add(new Told(false, reason, message));
    }

    /** Something refused or going wrong, told once the status is written. */
    public void warning(String reason, String message) {
        told.add(new Told(true, reason, message));
    }

    /** A warning, told only when the condition it explains changed: a state that persists is told once. */
    public void warnOnChange(String type, String reason, String message) {
        if (condition(type, false, reason, message)) {
            warning(reason, message);
        }
    }

    /** Tells the recorded Events on the resource whose status was just written. */
    public void tell(EventPublisher events, HasMetadata subject) {
        for (Told event : told) {
            if (event.warning()) {
                events.warning(subject, event.reason(), event.message());
            } else {
                events.normal(subject, event.reason(), event.message());
            }
        }
    }

    /** The Events recorded so far, as reason strings: for tests of decisions. */
    public List<String> reasons() {
        return told.stream().map(Told::reason).toList();
    }

    private record Told(boolean warning, String reason, String message) {
    }
}
