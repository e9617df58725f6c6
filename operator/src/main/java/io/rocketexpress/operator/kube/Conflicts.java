package io.rocketexpress.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Optimistic concurrency, the one way this operator does it: read, decide, write with the version read; on a
 * conflict, read and decide again, a bounded number of times.
 */
public final class Conflicts {

    /** Attempts before giving up on a resource that keeps changing under us. */
    public static final int ATTEMPTS = 3;

    private Conflicts() {
    }

    /**
     * Runs the read-decide-write attempt until it does not conflict.
     *
     * @param attempt one read, decision and guarded write; empty means "nothing left to do"
     * @param what    what is being written, for the message when it keeps changing
     * @return what the first attempt without conflict returned
     * @throws IllegalStateException when every attempt conflicted
     */
    public static <T> Optional<T> retry(String what, Supplier<Optional<T>> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (!isConflict(e)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException(what + " kept changing while being updated");
    }

    /** True when the API server refused the write because the resource changed since it was read. */
    public static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }

    /** True when the resource already exists (a create repeated after a lost answer). */
    public static boolean isAlreadyThere(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }
}
