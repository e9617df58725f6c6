package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rocketexpress.model.common.Guards;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Calls to other regions' clusters, each region behind its own timeout and circuit breaker: a region that
 * keeps failing is left alone for a while instead of being hammered by every launch that needs it, and the
 * callers are told how long to back off.
 */
@ApplicationScoped
public class RegionCalls {

    private final RegionClients clients;
    private final Settings settings;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    RegionCalls(RegionClients clients, Settings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /**
     * Runs the operation against the region's cluster.
     *
     * @throws RegionUnavailable when the region cannot be used or does not answer
     */
    @SuppressWarnings("unchecked")
    public <T> T call(String region, Function<KubernetesClient, T> operation) {
        try {
            return (T) guard(region).call(() -> {
                try {
                    return operation.apply(clients.client(region));
                } catch (KubernetesClientException e) {
                    // A moved API server or a rotated kubeconfig: build the client afresh next time.
                    clients.forget(region);
                    throw e;
                }
            }, Object.class);
        } catch (Exception e) {
            throw unavailable(region, e);
        }
    }

    /** How long a launch blocked on the region should wait before trying again: doubling, capped. */
    public Duration backoff(String region) {
        int failed = failures.computeIfAbsent(region, r -> new AtomicInteger()).get();
        return settings.policy().backoff(failed, settings.retryMax());
    }

    private RegionUnavailable unavailable(String region, Exception e) {
        if (e instanceof CircuitBreakerOpenException) {
            // Refused here, not by the region: it tells nothing new of the region, so it does not lengthen the
            // backoff. Counted, the launches reconciled while the breaker is open would push every backoff to its
            // longest within seconds, and hold them there long after the region answers again.
            return new RegionUnavailable(region, RegionUnavailable.UNREACHABLE, "region " + region
                    + " failed repeatedly; calls to it are paused for " + settings.circuitDelay()
                    + " (circuit breaker open)", e);
        }
        failures.computeIfAbsent(region, r -> new AtomicInteger()).incrementAndGet();
        if (e instanceof RegionUnavailable unavailable) {
            return unavailable;
        }
        if (e instanceof TimeoutException) {
            return new RegionUnavailable(region, RegionUnavailable.UNREACHABLE, "region " + region
                    + " did not answer within " + settings.timeout(), e);
        }
        return new RegionUnavailable(region, RegionUnavailable.UNREACHABLE, "region " + region
                + " did not answer: " + e.getMessage(), e);
    }

    private Guard guard(String region) {
        // No retries inside: a launch that could not reach the region is reconciled again after the backoff.
        return guards.computeIfAbsent(region, name -> Guards.guard("calls to region " + name, settings.policy())
                .noRetry()
                .breaker("region-" + name)
                .skipOn(RegionUnavailable.class)
                .onSuccess(() -> failures.computeIfAbsent(name, r -> new AtomicInteger()).set(0))
                .build());
    }

    /** Pacing of calls to other regions. */
    @ConfigMapping(prefix = "rocketexpress.region-calls")
    public interface Settings {

        /** Longest a call to another region may take. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Calls looked at before the circuit breaker may open. */
        @WithDefault("4")
        int circuitVolume();

        /** Share of failed calls among the recent ones that opens the circuit breaker. */
        @WithDefault("0.5")
        double circuitFailureRatio();

        /** How long an open circuit breaker keeps calls away from a region. */
        @WithDefault("PT30S")
        Duration circuitDelay();

        /** First wait after a region failed; it doubles with each further failure. */
        @WithDefault("PT2S")
        Duration retryInitial();

        /** Longest wait between attempts. */
        @WithDefault("PT2M")
        Duration retryMax();

        /** These settings as the guard of each region's calls. */
        default Guards.Policy policy() {
            return new Guards.Policy(timeout(), 0, retryInitial(), circuitVolume(), circuitFailureRatio(),
                    circuitDelay());
        }
    }
}
