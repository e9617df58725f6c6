package io.rocketexpress.simulator;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a call to the Kubernetes API through transient failures (no answer, 5xx, 429, 409) with exponential
 * backoff. Anything else (401, 403, 404, 422) is a configuration problem that waiting will not fix.
 *
 * @param attempts       total attempts, at least 1
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff     the longest single wait
 */
public record ApiRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {

    /** About 35 s of waiting in all: enough for an API server restart or a leader election, not a long outage. */
    public static final ApiRetry DEFAULT = new ApiRetry(8, Duration.ofMillis(500), Duration.ofSeconds(10));

    /** The call failed permanently, or transiently on every attempt. */
    static final class GaveUp extends Exception {
        GaveUp(String message, Throwable cause) {
            super(message, cause);
        }
    }

    <T> T call(String what, Sleeper sleeper, Console console, Supplier<T> call) throws GaveUp, InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // The client turns an interrupt into an exception; it is a cancellation, not an API failure.
                    Thread.interrupted();
                    throw new InterruptedException("interrupted while trying to " + what);
                }
                if (!isTransient(e)) {
                    throw new GaveUp("cannot " + what + ": " + describe(e), e);
                }
                if (attempt >= attempts) {
                    throw new GaveUp("cannot " + what + " after " + attempts + " attempts: " + describe(e), e);
                }
                console.progress("Kubernetes API unavailable (" + describe(e) + "); trying to " + what + " again in "
                        + backoff.toMillis() + " ms");
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 // no HTTP answer at all: connection refused or reset, timeout
                || code >= HttpURLConnection.HTTP_INTERNAL_ERROR
                || code == 429
                || code == HttpURLConnection.HTTP_CONFLICT;
    }

    private static String describe(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return (e.getCode() <= 0 ? "no answer" : "HTTP " + e.getCode()) + (message == null ? "" : ", " + firstLine(message));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
