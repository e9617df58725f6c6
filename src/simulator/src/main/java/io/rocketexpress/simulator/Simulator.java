package io.rocketexpress.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container's main class. Connects with the client's auto-configuration (the pod's service account, or a
 * kubeconfig outside a cluster), runs the mission of the environment and exits with its code.
 */
public final class Simulator {

    /** How long SIGTERM waits for the mission to log its cancellation; the kubelet's grace period is longer. */
    private static final long STOP_GRACE_MILLIS = 5_000;

    private Simulator() {
    }

    public static void main(String[] args) {
        // The mission's own retry policy is the one that applies; the client's would multiply it.
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0).build();
        AtomicBoolean terminating = new AtomicBoolean();
        Thread mission = Thread.currentThread();
        // The kubelet sends SIGTERM when the Job is deleted: end the mission's wait and let it say so in the log.
        Thread stop = new Thread(() -> {
            terminating.set(true);
            mission.interrupt();
            try {
                mission.join(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sigterm");
        Runtime.getRuntime().addShutdownHook(stop);

        ExitCode outcome;
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            outcome = new Mission(client, Sleeper.thread(), Clock.systemUTC(), Console.standard()).run(System.getenv());
        }
        if (terminating.get()) {
            return; // the JVM is already exiting on the signal; System.exit would wait for the hook forever
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException signalArrivedJustNow) {
            return;
        }
        System.exit(outcome.code());
    }
}
