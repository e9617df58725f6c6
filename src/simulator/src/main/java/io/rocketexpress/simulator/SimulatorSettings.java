package io.rocketexpress.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulation behaves, from {@code SIMULATOR_*} variables with defaults.
 *
 * @param countdown        {@code SIMULATOR_COUNTDOWN}, from the start of the Job to liftoff (default PT1M)
 * @param flightDuration   {@code SIMULATOR_FLIGHT_DURATION}, liftoff to landing (default PT25M, SPEC §2)
 * @param recoveryDuration {@code SIMULATOR_RECOVERY_DURATION}, barge recovery and unloading (default PT20M: parcels
 *                         reach the hub well within the hour door to door; the vehicle's own turnaround is longer,
 *                         but that is the Vehicle's {@code turnaround}, not this Job)
 * @param timeScale        {@code SIMULATOR_TIME_SCALE}, how much faster than real time (300: a 25-minute flight in 5 s)
 * @param failure          {@code SIMULATOR_FAILURE}: none, liftoff, flight or recovery
 */
public record SimulatorSettings(Duration countdown, Duration flightDuration, Duration recoveryDuration,
                                double timeScale, InjectedFailure failure) {

    public static final Duration DEFAULT_COUNTDOWN = Duration.ofMinutes(1);
    public static final Duration DEFAULT_FLIGHT_DURATION = Duration.ofMinutes(25);
    public static final Duration DEFAULT_RECOVERY_DURATION = Duration.ofMinutes(20);

    public static SimulatorSettings from(Map<String, String> environment) {
        EnvironmentVariables variables = new EnvironmentVariables(environment);
        return new SimulatorSettings(
                variables.duration("SIMULATOR_COUNTDOWN", DEFAULT_COUNTDOWN),
                variables.duration("SIMULATOR_FLIGHT_DURATION", DEFAULT_FLIGHT_DURATION),
                variables.duration("SIMULATOR_RECOVERY_DURATION", DEFAULT_RECOVERY_DURATION),
                variables.positive("SIMULATOR_TIME_SCALE", 1),
                InjectedFailure.of(variables.optional("SIMULATOR_FAILURE")));
    }
}
