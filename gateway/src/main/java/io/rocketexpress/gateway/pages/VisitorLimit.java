package io.rocketexpress.gateway.pages;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The public pages need no key, so they are rate-limited per client address instead: a token bucket per address in
 * this replica's memory. Behind a proxy, {@code quarkus.http.proxy.proxy-address-forwarding} makes the address the
 * visitor's. Buckets of addresses that went quiet are dropped, so the table cannot grow without bound.
 */
@ApplicationScoped
public class VisitorLimit {

    /** Addresses held before quiet ones are swept out. */
    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;

    @jakarta.inject.Inject
    VisitorLimit(PagesConfig config) {
        this(config.rateLimit().requestsPerSecond(), config.rateLimit().burst(), System::nanoTime);
    }

    VisitorLimit(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for the request's client address, when the request is for a page. */
    void admit(ContainerRequestContext context, HttpServerRequest request) {
        if (!isPage(context.getUriInfo().getPath())) {
            return;
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        acquire(address).ifPresent(wait -> {
            throw new ProblemException(ProblemType.RATE_LIMITED, "too many requests from your address; retry after"
                    + " the time in Retry-After", List.of(), wait);
        });
    }

    static boolean isPage(String path) {
        return path.equals("/board") || path.startsWith("/board/") || path.equals("/track")
                || path.startsWith("/track/");
    }

    /** The request filter; the limit itself is a bean of its own, created once configuration is there. */
    public static class Filter {

        private final VisitorLimit limit;

        Filter(VisitorLimit limit) {
            this.limit = limit;
        }

        @ServerRequestFilter
        public void limit(ContainerRequestContext context, HttpServerRequest request) {
            limit.admit(context, request);
        }
    }

    /** Takes a token for the address: empty when the request may go on, else how long to wait for one. */
    Optional<Duration> acquire(String address) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
        }
        return buckets.computeIfAbsent(address, key -> new Bucket(burst, now)).take(now);
    }

    int addresses() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
        }

        synchronized boolean fullAt(long now) {
            return tokens + (now - refilledAt) * perSecond / 1e9 >= burst;
        }
    }
}
