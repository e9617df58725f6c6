package io.rocketexpress.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * One run of a vehicle-controller or barge-recovery Job, from its environment to its exit code. The only entry
 * point: {@link Simulator} runs it as a process, the sandbox's kubelet stand-in runs it on a thread.
 */
public final class Mission {

    private final KubernetesClient client;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Console console;
    private final ApiRetry retry;

    /**
     * @param client  the cluster the Job runs in (only a flight uses it, to annotate its Job)
     * @param sleeper waits in real time; interrupting the running thread cancels the mission
     * @param clock   the time written as liftoff time and in progress lines
     * @param console where progress and the refusal to run are written
     */
    public Mission(KubernetesClient client, Sleeper sleeper, Clock clock, Console console) {
        this(client, sleeper, clock, console, ApiRetry.DEFAULT);
    }

    public Mission(KubernetesClient client, Sleeper sleeper, Clock clock, Console console, ApiRetry retry) {
        this.client = client;
        this.sleeper = sleeper;
        this.clock = clock;
        this.console = console;
        this.retry = retry;
    }

    /**
     * Runs the mission the environment describes. Never throws for a mission outcome: every ending is an exit code.
     * When cancelled by an interrupt it returns {@link ExitCode#CANCELLED} with the thread's interrupt flag set again.
     */
    public ExitCode run(Map<String, String> environment) {
        MissionOrders orders;
        SimulatorSettings settings;
        try {
            orders = MissionOrders.from(environment);
            settings = SimulatorSettings.from(environment);
        } catch (BadEnvironmentException e) {
            console.error("rocket-express-simulator: " + e.getMessage());
            return ExitCode.BAD_ENVIRONMENT;
        }
        Console log = timestamped(console);
        MissionTime time = new MissionTime(sleeper, settings.timeScale());
        SimulatorSettings acted = settings.failure().strikes(orders.role()) ? settings
                : new SimulatorSettings(settings.countdown(), settings.flightDuration(), settings.recoveryDuration(),
                settings.timeScale(), InjectedFailure.NONE);
        try {
            ExitCode outcome = switch (orders.role()) {
                case FLIGHT -> new Flight(orders, acted, time, new LiftoffAnnotation(client, retry, sleeper, log),
                        clock, log).fly();
                case RECOVERY -> new Recovery(orders, acted, time, log).recover();
            };
            log.progress("exit " + outcome.code() + " (" + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
            return outcome;
        } catch (ApiRetry.GaveUp e) {
            log.progress(e.getMessage());
            console.error("rocket-express-simulator: " + e.getMessage());
            return ExitCode.API_UNAVAILABLE;
        } catch (InterruptedException e) {
            log.progress("mission of " + orders.jobName() + " cancelled");
            Thread.currentThread().interrupt();
            return ExitCode.CANCELLED;
        }
    }

    private Console timestamped(Console target) {
        return new Console() {
            @Override
            public void progress(String line) {
                target.progress(DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                        + " " + line);
            }

            @Override
            public void error(String line) {
                target.error(line);
            }
        };
    }
}
