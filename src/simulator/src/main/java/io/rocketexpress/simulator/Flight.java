package io.rocketexpress.simulator;

import java.time.Clock;

/** The vehicle controller: countdown, liftoff (announced on the Job), flight, landing at sea. */
final class Flight {

    private final MissionOrders orders;
    private final SimulatorSettings settings;
    private final MissionTime time;
    private final LiftoffAnnotation liftoff;
    private final Clock clock;
    private final Console console;

    Flight(MissionOrders orders, SimulatorSettings settings, MissionTime time, LiftoffAnnotation liftoff, Clock clock,
           Console console) {
        this.orders = orders;
        this.settings = settings;
        this.time = time;
        this.liftoff = liftoff;
        this.clock = clock;
        this.console = console;
    }

    ExitCode fly() throws InterruptedException, ApiRetry.GaveUp {
        console.progress("vehicle controller for launch " + orders.launch() + ": vehicle " + orders.vehicle() + ", "
                + orders.origin() + " to " + orders.destination() + ", manifest " + orders.manifest());
        console.progress("T-" + settings.countdown() + " and counting");
        time.pass(settings.countdown());
        if (settings.failure() == InjectedFailure.LIFTOFF) {
            console.progress("T-0: engine abort on the pad; vehicle " + orders.vehicle() + " did not lift off");
            return ExitCode.MISSION_FAILED;
        }

        String liftoffAt = liftoff.mark(orders.jobNamespace(), orders.jobName(), clock.instant());
        console.progress("liftoff at " + liftoffAt + ": vehicle " + orders.vehicle() + " climbing out of "
                + orders.origin() + " (Job " + orders.jobName() + " annotated)");

        time.pass(settings.flightDuration().multipliedBy(10).dividedBy(100));
        console.progress("main engine cut-off; coasting towards " + orders.destination());
        time.pass(settings.flightDuration().multipliedBy(60).dividedBy(100));
        console.progress("re-entry over the " + orders.destination() + " sea landing zone");
        if (settings.failure() == InjectedFailure.FLIGHT) {
            console.progress("telemetry lost during re-entry: vehicle " + orders.vehicle() + " lost");
            return ExitCode.MISSION_FAILED;
        }
        time.pass(settings.flightDuration().multipliedBy(25).dividedBy(100));
        console.progress("landing burn");
        time.pass(settings.flightDuration().multipliedBy(5).dividedBy(100));
        console.progress("vehicle " + orders.vehicle() + " landed safely on the " + orders.destination()
                + " sea landing zone");
        return ExitCode.SUCCESS;
    }
}
