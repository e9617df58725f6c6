package io.rocketexpress.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts: the first delay, doubling after each failure up to the longest, each wait drawn
 * between half and all of that so endpoints recovering together are not hit by every replica at once.
 */
record Backoff(Duration first, Duration longest) {

    /** The wait after the given number of failed attempts (1 for the first failure). */
    Duration after(int failedAttempts) {
        long ceiling = longest.toMillis();
        long delay = first.toMillis();
        for (int i = 1; i < failedAttempts && delay < ceiling; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, ceiling);
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }
}
