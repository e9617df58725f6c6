package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rocketexpress.simulator.SimulatorSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the kubelet stand-in runs missions.
 *
 * @param timeScale          how much faster than real time missions run ({@code SIMULATOR_TIME_SCALE})
 * @param countdown          {@code SIMULATOR_COUNTDOWN} of every flight
 * @param flightDuration     {@code SIMULATOR_FLIGHT_DURATION} of every flight
 * @param recoveryDuration   {@code SIMULATOR_RECOVERY_DURATION} of every recovery
 * @param concurrentMissions missions running at once; more Jobs wait their turn, as pods wait for a node
 * @param resync             how often the informer replays every Job it knows (none is ever run twice)
 * @param failure            the failure to act out for a Job ({@code liftoff}, {@code flight}, {@code recovery}),
 *                           to make a chosen launch fail
 * @param log                where mission progress lines go, each prefixed with its Job
 */
public record KubeletSettings(double timeScale, Duration countdown, Duration flightDuration, Duration recoveryDuration,
                              int concurrentMissions, Duration resync, Function<Job, Optional<String>> failure,
                              Consumer<String> log) {

    public KubeletSettings {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be positive");
        }
        if (concurrentMissions < 1) {
            throw new IllegalArgumentException("concurrentMissions must be at least 1");
        }
    }

    /** Real time, the simulator's own durations, no failures, progress on standard output. */
    public static KubeletSettings defaults() {
        return new KubeletSettings(1, SimulatorSettings.DEFAULT_COUNTDOWN, SimulatorSettings.DEFAULT_FLIGHT_DURATION,
                SimulatorSettings.DEFAULT_RECOVERY_DURATION, 8, Duration.ofMinutes(1), job -> Optional.empty(),
                System.out::println);
    }

    public KubeletSettings withTimeScale(double timeScale) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }

    public KubeletSettings withDurations(Duration countdown, Duration flightDuration, Duration recoveryDuration) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }

    public KubeletSettings withConcurrentMissions(int concurrentMissions) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }

    public KubeletSettings withResync(Duration resync) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }

    public KubeletSettings withFailure(Function<Job, Optional<String>> failure) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }

    public KubeletSettings withLog(Consumer<String> log) {
        return new KubeletSettings(timeScale, countdown, flightDuration, recoveryDuration, concurrentMissions, resync,
                failure, log);
    }
}
