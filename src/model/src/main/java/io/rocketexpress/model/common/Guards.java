package io.rocketexpress.model.common;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one place where fault-tolerance guards are made, for every call Rocket Express makes to something that
 * can fail or hang: another region's gateway, another region's cluster, its own API server. Each guard is
 * built from a {@link Policy} read from configuration, so the constants live in {@code application.properties}
 * and not in the code, and every guard is shaped the same way: retries (exponential backoff with jitter,
 * outermost), then a circuit breaker, then a timeout on each attempt.
 */
public final class Guards {

    private Guards() {
    }

    /**
     * How a kind of call is guarded, as configured.
     *
     * @param timeout       longest one attempt may take
     * @param retries       further attempts after a failed one; 0 for none
     * @param retryDelay    first wait before another attempt: it doubles, with up to half of it as jitter, up to
     *                      the timeout (or the delay itself, if that is longer)
     * @param circuitVolume recent attempts the failure ratio is taken over, and needed before the breaker opens
     * @param failureRatio  share of failures among those that opens the breaker
     * @param circuitDelay  how long an open breaker refuses calls before it lets a trial call through
     */
    public record Policy(Duration timeout, int retries, Duration retryDelay, int circuitVolume, double failureRatio,
                         Duration circuitDelay) {

        public Policy {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(retryDelay, "retryDelay");
            Objects.requireNonNull(circuitDelay, "circuitDelay");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a guard's timeout must be positive, not " + timeout);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("a guard's retries cannot be negative: " + retries);
            }
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("a guard's retry delay cannot be negative: " + retryDelay);
            }
            if (circuitVolume < 1) {
                throw new IllegalArgumentException("a circuit breaker needs a volume of at least 1, not "
                        + circuitVolume);
            }
            if (!(failureRatio > 0 && failureRatio <= 1)) {
                throw new IllegalArgumentException("a circuit breaker's failure ratio must be in (0, 1], not "
                        + failureRatio);
            }
            if (circuitDelay.isNegative()) {
                throw new IllegalArgumentException("a circuit breaker's delay cannot be negative: " + circuitDelay);
            }
        }

        /** Longest wait between two attempts. */
        public Duration maxRetryDelay() {
            return retryDelay.compareTo(timeout) > 0 ? retryDelay : timeout;
        }

        /**
         * The wait before trying again after that many failures in a row, for callers that retry on their own
         * schedule (a reconcile loop): the retry delay, doubled per further failure, capped at {@code max}.
         */
        public Duration backoff(int failures, Duration max) {
            long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
            Duration wait = retryDelay.multipliedBy(factor);
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }

    /** Starts a guard for the calls described, under the policy. */
    public static Builder guard(String description, Policy policy) {
        return new Builder(description, policy);
    }

    /** What a guard does beyond its policy; each stage is on unless turned off. */
    public static final class Builder {
        private final String description;
        private final Policy policy;
        private boolean retrying = true;
        private boolean timing = true;
        private String breaker;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> skipOn = new ArrayList<>();
        private Consumer<CircuitBreakerState> onStateChange;
        private Runnable onSuccess;

        private Builder(String description, Policy policy) {
            this.description = Objects.requireNonNull(description, "description");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /**
         * Adds a circuit breaker, named so that it can be looked at and reset by name. Without one, failures do
         * not keep later calls away.
         */
        public Builder breaker(String name) {
            this.breaker = Objects.requireNonNull(name, "name");
            return this;
        }

        /** No retries here: the caller tries again on its own schedule, or an outer guard does. */
        public Builder noRetry() {
            this.retrying = false;
            return this;
        }

        /** Only retries: the attempts are timed and counted by an inner guard. */
        public Builder retriesOnly() {
            this.timing = false;
            return this;
        }

        /** Retries only these failures (all failures, if none is named). */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... failures) {
            retryOn.addAll(List.of(failures));
            return this;
        }

        /** Never retries these failures. */
        @SafeVarargs
        public final Builder abortOn(Class<? extends Throwable>... failures) {
            abortOn.addAll(List.of(failures));
            return this;
        }

        /** These failures are answers, not faults: they neither open the breaker nor count against it. */
        @SafeVarargs
        public final Builder skipOn(Class<? extends Throwable>... failures) {
            skipOn.addAll(List.of(failures));
            return this;
        }

        /** Told whenever the breaker opens, half-opens or closes. */
        public Builder onStateChange(Consumer<CircuitBreakerState> listener) {
            this.onStateChange = listener;
            return this;
        }

        /** Told after each call the breaker counts as a success. */
        public Builder onSuccess(Runnable listener) {
            this.onSuccess = listener;
            return this;
        }

        public Guard build() {
            Guard.Builder guard = Guard.create().withDescription(description);
            if (retrying && policy.retries() > 0) {
                long delay = policy.retryDelay().toMillis();
                Guard.Builder.RetryBuilder retry = guard.withRetry()
                        .maxRetries(policy.retries())
                        .delay(delay, ChronoUnit.MILLIS)
                        .jitter(delay / 2, ChronoUnit.MILLIS);
                if (!retryOn.isEmpty()) {
                    retry.retryOn(retryOn);
                }
                if (!abortOn.isEmpty()) {
                    retry.abortOn(abortOn);
                }
                guard = retry.withExponentialBackoff().factor(2)
                        .maxDelay(policy.maxRetryDelay().toMillis(), ChronoUnit.MILLIS).done()
                        .done();
            }
            if (timing && breaker != null) {
                Guard.Builder.CircuitBreakerBuilder circuit = guard.withCircuitBreaker()
                        .name(breaker)
                        .requestVolumeThreshold(policy.circuitVolume())
                        .failureRatio(policy.failureRatio())
                        .delay(policy.circuitDelay().toMillis(), ChronoUnit.MILLIS);
                if (!skipOn.isEmpty()) {
                    circuit.skipOn(skipOn);
                }
                if (onStateChange != null) {
                    circuit.onStateChange(onStateChange);
                }
                if (onSuccess != null) {
                    circuit.onSuccess(onSuccess);
                }
                guard = circuit.done();
            }
            if (timing) {
                guard = guard.withTimeout().duration(policy.timeout().toMillis(), ChronoUnit.MILLIS).done();
            }
            return guard.build();
        }
    }
}
