package io.rocketexpress.gateway.reads;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rocketexpress.gateway.booking.BookingService;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.flight.FlightResource;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.gateway.partner.PartnerCredentials;
import io.rocketexpress.gateway.partner.PartnerKeys;
import io.rocketexpress.gateway.peer.PeerSignature;
import io.rocketexpress.gateway.peer.PeerTracking;
import io.rocketexpress.gateway.problem.ProblemMappers;
import io.rocketexpress.gateway.problem.RouteProblems;
import io.rocketexpress.gateway.tracking.ParcelTracking;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The partner API's three busiest reads, {@code GET /v1/tracking/{trackingNumber}}, {@code GET /v1/bookings/{id}}
 * and {@code GET /v1/flights}, answered straight from the HTTP router, ahead of the REST layer: the same
 * admission ({@link PartnerCredentials}), the same queries, the same JSON and the same problems, without the
 * REST layer's per-request machinery (up to a sixth of such a one-query read's cost; see performance.md).
 * <p>
 * Only the plain case is answered here: a partner's own key, a well-formed tracking number of this region or
 * booking id, an answer in JSON. Everything else, decided before anything is checked or counted, goes on to the
 * resources, which stay the API's description and its one place for the rest: requests another region's
 * gateway signs or makes for a partner, parcels of other regions, malformed numbers and ids, other media types.
 */
@ApplicationScoped
public class PartnerReads {

    /** After the size limits and the peer signatures, which run at the lowest orders. */
    private static final int ORDER = Integer.MIN_VALUE + 10;

    private final PartnerCredentials credentials;
    private final ParcelTracking tracking;
    private final PeerTracking peers;
    private final BookingService bookings;
    private final FlightResource flights;
    private final ObjectMapper json;
    private final Duration databaseRetryAfter;

    PartnerReads(PartnerCredentials credentials, ParcelTracking tracking, PeerTracking peers, BookingService bookings,
                 FlightResource flights, ObjectMapper json, GatewayConfig config) {
        this.credentials = credentials;
        this.tracking = tracking;
        this.peers = peers;
        this.bookings = bookings;
        this.flights = flights;
        this.json = json;
        this.databaseRetryAfter = config.gateway().databaseRetryAfter();
    }

    void install(@Observes Router router) {
        // Vert.x paths become the same templates as the resources' in the request metrics' uri tag.
        router.get("/v1/tracking/:trackingNumber").order(ORDER).handler(this::track);
        router.get("/v1/bookings/:id").order(ORDER).handler(this::booking);
        router.get("/v1/flights").order(ORDER).handler(this::flights);
    }

    private void track(RoutingContext context) {
        TrackingNumber number = plain(context.request()) ? trackingNumber(context.pathParam("trackingNumber")) : null;
        if (number == null || peers.elsewhere(number)) {
            context.next();
            return;
        }
        answer(context, partner -> tracking.track(partner.id(), number));
    }

    private void booking(RoutingContext context) {
        UUID id = plain(context.request()) ? uuid(context.pathParam("id")) : null;
        if (id == null) {
            context.next();
            return;
        }
        answer(context, partner -> bookings.find(partner.id(), id));
    }

    private void flights(RoutingContext context) {
        if (!plain(context.request())) {
            context.next();
            return;
        }
        String origin = context.queryParams().get("origin");
        String destination = context.queryParams().get("destination");
        answer(context, partner -> flights.list(origin, destination));
    }

    /** Admits the partner, reads, and answers the read as JSON or the failure as problem+json. */
    private <T> void answer(RoutingContext context, Function<PartnerKeys.Owner, Uni<T>> read) {
        credentials.admit(context.request().getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(partner -> Uni.createFrom().deferred(() -> read.apply(partner)))
                .subscribe().with(view -> write(context, view), failure -> fail(context, failure));
    }

    private void write(RoutingContext context, Object view) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(view));
        } catch (Exception e) {
            fail(context, e);
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json;charset=UTF-8").end(body);
    }

    private void fail(RoutingContext context, Throwable failure) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        RouteProblems.answer(context, json, ProblemMappers.explain(failure, context.request().method().name(),
                context.request().path(), databaseRetryAfter));
    }

    /**
     * A partner's own call asking for JSON: not one another region's gateway signs or makes for a partner (the
     * resources check and serve those), not one whose Accept the resources would have to negotiate, and nothing
     * the resources might read otherwise than a route: a repeated Authorization or Accept header (they join
     * repeats), a path with a trailing slash.
     */
    static boolean plain(HttpServerRequest request) {
        return request.getHeader(PeerSignature.HEADER) == null && request.getHeader(OnBehalfOf.HEADER) == null
                && !request.path().endsWith("/")
                && request.headers().getAll(HttpHeaders.AUTHORIZATION).size() <= 1
                && request.headers().getAll(HttpHeaders.ACCEPT).size() <= 1
                && acceptsJson(request.getHeader(HttpHeaders.ACCEPT));
    }

    /** No Accept, or one that names JSON or a wildcard over it, with no weights to weigh. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        if (accept.contains(";")) {
            return false;
        }
        for (String range : accept.split(",")) {
            String type = range.trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")) {
                return true;
            }
        }
        return false;
    }

    private static TrackingNumber trackingNumber(String value) {
        try {
            return TrackingNumber.parse(value);
        } catch (InvalidTrackingNumberException e) {
            return null;
        }
    }

    private static UUID uuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
