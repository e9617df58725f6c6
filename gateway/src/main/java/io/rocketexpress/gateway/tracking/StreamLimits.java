package io.rocketexpress.gateway.tracking;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many tracking streams this replica holds open, and for how long: each holds a connection and a
 * subscription for as long as its client stays, so neither one partner nor all of them together may hold
 * more than configured ({@code rocketexpress.gateway.stream.*}), and no stream lasts for ever.
 */
// Created at start, so that its gauge is scraped from the first scrape on, not from the first stream.
@Startup
@ApplicationScoped
public class StreamLimits {

    /** A client told to come back: streams end within the lifetime, so room frees up soon. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final int perPartner;
    private final int perReplica;
    private final Duration lifetime;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> byPartner = new ConcurrentHashMap<>();

    StreamLimits(GatewayConfig config, MeterRegistry registry) {
        GatewayConfig.Stream settings = config.gateway().stream();
        this.perPartner = settings.maxPerPartner();
        this.perReplica = settings.maxPerReplica();
        this.lifetime = settings.maxLifetime();
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalStateException("rocketexpress.gateway.stream.max-lifetime must be positive, not "
                    + lifetime);
        }
        Gauge.builder("rocketexpress.tracking.streams", open, AtomicInteger::get)
                .description("Tracking event streams (Server-Sent Events) this replica holds open")
                .register(registry);
    }

    /** One stream held open; closing it (more than once is harmless) gives its room back. */
    public final class Permit implements AutoCloseable {
        private final String partner;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(String partner) {
            this.partner = partner;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                byPartner.computeIfPresent(partner, (name, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        }
    }

    /**
     * Takes room for one more stream of the partner.
     *
     * @throws ProblemException 429 when the partner or the replica holds as many streams as allowed
     */
    public Permit open(String partner) {
        if (open.incrementAndGet() > perReplica) {
            open.decrementAndGet();
            throw tooMany("this gateway holds " + perReplica + " tracking streams at once, its most; reconnect"
                    + " after Retry-After");
        }
        boolean[] admitted = {false};
        byPartner.compute(partner, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perPartner) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            throw tooMany("you hold " + perPartner + " tracking streams open at once, the most one partner may;"
                    + " close one, or follow many parcels through webhooks instead");
        }
        return new Permit(partner);
    }

    /** The events, ending when the stream's lifetime is up; the client then resumes with Last-Event-ID. */
    public <T> Multi<T> bounded(Multi<T> events) {
        return events.select().first(lifetime);
    }

    /** Streams open now on this replica. */
    public int open() {
        return open.get();
    }

    private static ProblemException tooMany(String detail) {
        return new ProblemException(ProblemType.RATE_LIMITED, detail, List.of(), RETRY_AFTER);
    }
}
