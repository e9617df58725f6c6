package io.rocketexpress.gateway.partner;

import io.rocketexpress.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per partner, in this replica's memory: each replica admits up to the configured rate,
 * so a deployment of N replicas admits up to N times it behind a spreading load balancer.
 */
@ApplicationScoped
public class RateLimiter {

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;

    @Inject
    RateLimiter(GatewayConfig config) {
        this(config.gateway().rateLimit().requestsPerSecond(), config.gateway().rateLimit().burst(), System::nanoTime);
    }

    RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for the partner: empty when the request may go on, else how long to wait for one. */
    public Optional<Duration> acquire(UUID partner) {
        return buckets.computeIfAbsent(partner, id -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
        }
    }
}
