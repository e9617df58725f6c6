package io.rocketexpress.simulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads typed values out of an environment map, failing with a message that names the variable. */
final class EnvironmentVariables {

    private final Map<String, String> environment;

    EnvironmentVariables(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A variable that must be set and not blank. */
    String required(String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new BadEnvironmentException(name + " is not set: the Job must provide it");
        }
        return value.trim();
    }

    /** A variable that must be present but may be empty. */
    String present(String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new BadEnvironmentException(name + " is not set: the Job must provide it (it may be empty)");
        }
        return value.trim();
    }

    String optional(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An ISO-8601 duration (PT25M), zero or positive. */
    Duration duration(String name, Duration fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new BadEnvironmentException(name + " must not be negative, not '" + value + "'");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new BadEnvironmentException(name + " must be an ISO-8601 duration such as PT25M, not '" + value + "'");
        }
    }

    /** A strictly positive decimal number. */
    double positive(String name, double fallback) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value);
            if (!(number > 0) || Double.isInfinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new BadEnvironmentException(name + " must be a positive number such as 300, not '" + value + "'");
        }
    }
}
