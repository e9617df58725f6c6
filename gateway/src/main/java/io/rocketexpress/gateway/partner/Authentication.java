package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.List;

/**
 * Every {@code /v1} request needs a live partner key and stays within its partner's rate limit; every
 * {@code /admin} request needs the admin key. Failures answer problem+json, never a bare status.
 */
public class Authentication {

    private final GatewayConfig config;
    private final CallingPartner caller;
    private final RateLimiter rateLimiter;

    Authentication(GatewayConfig config, CallingPartner caller, RateLimiter rateLimiter) {
        this.config = config;
        this.caller = caller;
        this.rateLimiter = rateLimiter;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            return partner(bearer(request));
        }
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            admin(bearer(request));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> partner(String secret) {
        return Panache.withSession(() -> Partner.<Partner>find(
                        "select p from Partner p, ApiKey k where k.partnerId = p.id and k.hash = ?1 and k.revokedAt is null",
                        KeySecrets.hash(secret)).firstResult())
                .invoke(partner -> {
                    if (partner == null) {
                        throw new ProblemException(ProblemType.UNAUTHENTICATED,
                                "this API key is unknown or revoked; ask your Rocket Express contact for a new one");
                    }
                    rateLimiter.acquire(partner.id).ifPresent(wait -> {
                        throw new ProblemException(ProblemType.RATE_LIMITED, "partner " + partner.name
                                + " exceeded " + config.gateway().rateLimit().requestsPerSecond()
                                + " requests per second; retry after the time in Retry-After", List.of(), wait);
                    });
                    caller.authenticated(partner.id, partner.name);
                })
                .replaceWithVoid();
    }

    private void admin(String secret) {
        String adminKey = config.gateway().adminKey().filter(key -> !key.isBlank())
                .orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                        "the admin API is disabled: no admin key is configured (rocketexpress.gateway.admin-key)",
                        List.of(), Duration.ofMinutes(5)));
        if (!KeySecrets.same(secret, adminKey)) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "the admin API needs the admin key");
        }
    }

    private static String bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
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
