package io.rocketexpress.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Returns at once, remembering what it was asked to wait; an optional action runs on each wait. */
final class RecordingSleeper implements Sleeper {

    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Runnable onWait;

    RecordingSleeper() {
        this(() -> { });
    }

    RecordingSleeper(Runnable onWait) {
        this.onWait = onWait;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        waits.add(duration);
        onWait.run();
    }

    Duration total() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
