package io.rocketexpress.gateway.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.gateway.problem.RouteProblems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the signature of every request another region's gateway forwards, before anything else looks at it:
 * the key must be one this gateway was given for that region, the time within {@link PeerSignature#SKEW}, the
 * signature over method, path and query, partner, time and body must match, and the request must be one a
 * peer forwards (a tracking lookup, stream or last-mile report, or a read for its public pages). A request that passes carries its region on
 * to {@link #region(RoutingContext)}; one that fails is answered problem+json here.
 */
@ApplicationScoped
public class PeerSignatures {

    private static final Logger LOG = Logger.getLogger(PeerSignatures.class);
    private static final String REGION = "rocketexpress.peer-region";
    private static final Pattern TRACKING = Pattern.compile("/v1/tracking/[^/]+");
    private static final Pattern EVENTS = Pattern.compile("/v1/tracking/[^/]+/events");
    /** What other regions' public pages read here, for no partner. */
    private static final Pattern PUBLIC = Pattern.compile("/v1/peer/(departures|parcels/[^/]+(/events)?)");

    private final PeerGateways peers;
    private final Clock clock;
    private final ObjectMapper json;
    private final BodyHandler bodies;

    PeerSignatures(PeerGateways peers, Clock clock, ObjectMapper json,
                   @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize bodyLimit) {
        this.peers = peers;
        this.clock = clock;
        this.json = json;
        this.bodies = BodyHandler.create(false).setBodyLimit(bodyLimit.asLongValue());
    }

    /** The region whose gateway signed this request, when one did and the signature held. */
    public static Optional<String> region(RoutingContext context) {
        return Optional.ofNullable(context.get(REGION));
    }

    void install(@Observes Router router) {
        // After the size limits (Integer.MIN_VALUE); the body is read whole, within the limit, to be checked.
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (context.request().getHeader(PeerSignature.HEADER) == null) {
                context.next();
            } else {
                bodies.handle(context);
            }
        });
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        String header = context.request().getHeader(PeerSignature.HEADER);
        if (header == null) {
            context.next();
            return;
        }
        PeerSignature.Parsed parsed;
        try {
            parsed = PeerSignature.parse(header);
        } catch (IllegalArgumentException e) {
            refuse(context, ProblemType.UNAUTHENTICATED, e.getMessage());
            return;
        }
        Optional<PeerGateways.Accepted> accepted = peers.accepted(parsed.keyId());
        if (accepted.isEmpty()) {
            refuse(context, ProblemType.UNAUTHENTICATED, peers.acceptsAny()
                    ? "peer key " + parsed.keyId() + " is not one this gateway accepts; is the region's new key"
                    + " configured here (rocketexpress.peers.<region>.credentials)?"
                    : "this gateway accepts no requests from other gateways: no region's peer key is configured"
                    + " (rocketexpress.peers.<region>.credentials)");
            return;
        }
        String pathAndQuery = context.request().uri();
        Buffer body = context.body().buffer();
        Optional<String> failure = PeerSignature.check(parsed, accepted.get().key(), context.request().method().name(),
                pathAndQuery, context.request().getHeader(OnBehalfOf.HEADER), clock.instant(),
                body == null ? null : body.getBytes());
        if (failure.isPresent()) {
            LOG.warnf("refused a request signed with peer key %s: %s", parsed.keyId(), failure.get());
            refuse(context, ProblemType.UNAUTHENTICATED, failure.get());
            return;
        }
        if (!forwardable(context.request().method(), context.request().path())) {
            refuse(context, ProblemType.FORBIDDEN, "other regions' gateways may forward tracking lookups, streams"
                    + " and last-mile reports, and read what this region shows the public, only; not "
                    + context.request().method() + " "
                    + context.request().path());
            return;
        }
        context.put(REGION, accepted.get().region());
        context.next();
    }

    /**
     * What a peer legitimately asks: GET of a parcel or its stream, POST of a last-mile report, GET of what the
     * public pages show.
     */
    static boolean forwardable(HttpMethod method, String path) {
        if (HttpMethod.GET.equals(method)) {
            return TRACKING.matcher(path).matches() || EVENTS.matcher(path).matches()
                    || PUBLIC.matcher(path).matches();
        }
        return HttpMethod.POST.equals(method) && EVENTS.matcher(path).matches();
    }

    private void refuse(RoutingContext context, ProblemType type, String detail) {
        RouteProblems.answer(context, json, type, detail);
    }
}
