package io.rocketexpress.gateway.partner;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * What admits a partner's call: a live API key in the Authorization header, its partner not suspended, a token
 * of the partner's rate limit. Used by {@link Authentication} ahead of every {@code /v1} resource and by the
 * read routes that answer ahead of the REST layer, so both refuse alike.
 */
@ApplicationScoped
public class PartnerCredentials {

    private final GatewayConfig config;
    private final RateLimiter rateLimiter;
    private final PartnerKeys keys;

    PartnerCredentials(GatewayConfig config, RateLimiter rateLimiter, PartnerKeys keys) {
        this.config = config;
        this.rateLimiter = rateLimiter;
        this.keys = keys;
    }

    /**
     * The partner whose key the Authorization header holds, once admitted; fails with the problem to answer
     * (401 no or unknown key, 403 suspended, 429 over the rate limit). Takes a token when it admits.
     */
    public Uni<PartnerKeys.Owner> admit(String authorization) {
        String secret;
        try {
            secret = bearer(authorization);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return keys.find(KeySecrets.hash(secret)).map(found -> {
            PartnerKeys.Owner partner = found.orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED,
                    "this API key is unknown or revoked; ask your Rocket Express contact for a new one"));
            admit(partner.id(), partner.name(), partner.suspended());
            return partner;
        });
    }

    /** Refuses a suspended partner and one over its rate limit; takes a token otherwise. */
    void admit(UUID partner, String name, boolean suspended) {
        if (suspended) {
            throw new ProblemException(ProblemType.FORBIDDEN, "partner " + name + " is suspended: its calls are"
                    + " refused in this region until it is resumed; ask your Rocket Express contact");
        }
        rateLimiter.acquire(partner).ifPresent(wait -> {
            throw new ProblemException(ProblemType.RATE_LIMITED, "partner " + name
                    + " exceeded " + config.gateway().rateLimit().requestsPerSecond()
                    + " requests per second; retry after the time in Retry-After", List.of(), wait);
        });
    }

    /** The key of an Authorization header that reads {@code Bearer <key>}. */
    static String bearer(String header) {
        if (header == null || header.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED,
                    "send your API key in the Authorization header: 'Authorization: Bearer <key>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED,
                    "the Authorization header must read 'Bearer <key>'");
        }
        return header.substring(7).trim();
    }
}
