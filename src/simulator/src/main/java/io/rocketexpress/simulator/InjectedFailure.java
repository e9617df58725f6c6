package io.rocketexpress.simulator;

import java.util.Locale;

/** A failure the simulator is told to act out ({@code SIMULATOR_FAILURE}), to exercise the operator's failure paths. */
public enum InjectedFailure {

    /** Nothing goes wrong. */
    NONE,

    /** The engines abort at T-0: no liftoff annotation, non-zero exit. */
    LIFTOFF,

    /** The vehicle lifts off (annotation written) and is lost during re-entry. */
    FLIGHT,

    /** The barge cannot secure the vehicle: the recovery Job fails. */
    RECOVERY;

    /** Whether this failure concerns a run in the given role; a flight ignores a recovery failure and vice versa. */
    boolean strikes(Role role) {
        return switch (this) {
            case NONE -> false;
            case LIFTOFF, FLIGHT -> role == Role.FLIGHT;
            case RECOVERY -> role == Role.RECOVERY;
        };
    }

    static InjectedFailure of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadEnvironmentException(
                    "SIMULATOR_FAILURE must be one of none, liftoff, flight, recovery, not '" + value + "'");
        }
    }
}
