package io.rocketexpress.gateway.peer;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each partner's share of the connections to one peer gateway: at most so many of its calls in flight at once,
 * retries included, so a partner who bursts waits on its own share and everyone else's calls go on.
 */
final class PartnerShare {

    private final String region;
    private final int limit;
    private final Duration retryAfter;
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    PartnerShare(String region, int limit, Duration retryAfter) {
        this.region = region;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    /**
     * Runs the call within the partner's share.
     *
     * @return the call's outcome, or a 429 problem when the partner already has its share in flight
     */
    <T> Uni<T> run(String partner, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            if (!take(partner)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.RATE_LIMITED, "you have " + limit
                        + " calls to the gateway of region " + region + " in flight, your share of its"
                        + " connections; wait for their answers before sending more", List.of(),
                        Duration.ofSeconds(1).compareTo(retryAfter) < 0 ? Duration.ofSeconds(1) : retryAfter));
            }
            return call.get().onTermination().invoke(() -> give(partner));
        });
    }

    /** Calls of the partner in flight now. */
    int inFlight(String partner) {
        return inFlight.getOrDefault(partner, 0);
    }

    private boolean take(String partner) {
        boolean[] taken = {false};
        inFlight.compute(partner, (name, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void give(String partner) {
        inFlight.computeIfPresent(partner, (name, count) -> count <= 1 ? null : count - 1);
    }
}
