package io.rocketexpress.simulator;

/** Barge recovery at the destination: reach the vehicle, bring it to port, unload the cargo at the hub. */
final class Recovery {

    private final MissionOrders orders;
    private final SimulatorSettings settings;
    private final MissionTime time;
    private final Console console;

    Recovery(MissionOrders orders, SimulatorSettings settings, MissionTime time, Console console) {
        this.orders = orders;
        this.settings = settings;
        this.time = time;
        this.console = console;
    }

    ExitCode recover() throws InterruptedException {
        console.progress("barge recovery for launch " + orders.launch() + ": vehicle " + orders.vehicle()
                + " from " + orders.origin() + ", manifest " + orders.manifest());
        console.progress("barge under way to the " + orders.destination() + " sea landing zone");
        time.pass(settings.recoveryDuration().multipliedBy(25).dividedBy(100));
        if (settings.failure() == InjectedFailure.RECOVERY) {
            console.progress("vehicle " + orders.vehicle() + " could not be secured on the barge: recovery failed");
            return ExitCode.MISSION_FAILED;
        }
        console.progress("vehicle " + orders.vehicle() + " secured on deck; barge returning to port");
        time.pass(settings.recoveryDuration().multipliedBy(45).dividedBy(100));
        console.progress("barge in port; unloading onto delivery vans at the " + orders.destination() + " hub");
        time.pass(settings.recoveryDuration().multipliedBy(30).dividedBy(100));
        console.progress("cargo of manifest " + orders.manifest() + " unloaded at the " + orders.destination() + " hub");
        return ExitCode.SUCCESS;
    }
}
