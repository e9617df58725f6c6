package io.rocketexpress.simulator;

import java.util.Locale;

/** Which of the two Job contracts a run honours; the operator passes it as {@code ROLE}. */
public enum Role {

    /** The vehicle controller, run in the origin region's cluster. */
    FLIGHT,

    /** Barge recovery and unloading, run in the destination region's cluster. */
    RECOVERY;

    /** The value of {@code ROLE}: {@code flight} or {@code recovery}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role of(String value) {
        for (Role role : values()) {
            if (role.value().equals(value)) {
                return role;
            }
        }
        throw new BadEnvironmentException("ROLE must be flight or recovery, not '" + value + "'");
    }
}
