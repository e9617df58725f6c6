package io.rocketexpress.simulator;

import java.time.Duration;

/** Waits in real time. Interruptible: a cancelled mission must stop waiting at once. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper thread() {
        return duration -> {
            if (!duration.isZero() && !duration.isNegative()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            } else if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        };
    }
}
