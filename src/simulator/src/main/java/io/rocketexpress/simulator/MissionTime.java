package io.rocketexpress.simulator;

import java.time.Duration;

/** Lets simulated time pass: a simulated duration divided by the time scale, slept in real time. */
final class MissionTime {

    private final Sleeper sleeper;
    private final double timeScale;

    MissionTime(Sleeper sleeper, double timeScale) {
        this.sleeper = sleeper;
        this.timeScale = timeScale;
    }

    void pass(Duration simulated) throws InterruptedException {
        sleeper.sleep(Duration.ofNanos(Math.round(simulated.toNanos() / timeScale)));
    }
}
