package io.rocketexpress.operator.kube;

import io.rocketexpress.model.common.Condition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Sets standard conditions the Kubernetes way: the transition time moves only when the status flips. */
public final class Conditions {

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True when the condition of that type is present and True. */
    public static boolean holds(List<Condition> conditions, String type) {
        return find(conditions, type).map(Condition::holds).orElse(false);
    }

    /**
     * Puts a condition into the list, replacing the one of the same type.
     *
     * @return the list, for chaining
     */
    public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason,
                                      String message, Long generation, Instant now) {
        String value = status ? Condition.TRUE : Condition.FALSE;
        Optional<Condition> existing = find(conditions, type);
        Condition condition = existing.orElseGet(() -> {
            Condition created = new Condition();
            created.setType(type);
            conditions.add(created);
            return created;
        });
        if (!value.equals(condition.getStatus()) || condition.getLastTransitionTime() == null) {
            condition.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        condition.setStatus(value);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
        return conditions;
    }
}
