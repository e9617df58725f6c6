package io.rocketexpress.gateway.peer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.problem.Problem;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.gateway.problem.RelayedProblem;
import io.rocketexpress.gateway.tracking.LastMileReport;
import io.rocketexpress.gateway.tracking.TrackingView;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Tracking of parcels that belong to other regions: a number carries its origin region's code, and that
 * region's gateway holds the parcel, so the lookup, report or stream is forwarded there for the calling
 * partner and its answer relayed. A peer that cannot answer is answered 503 with Retry-After, never waited
 * on beyond the configured timeout.
 */
@ApplicationScoped
public class PeerTracking {

    private static final Logger LOG = Logger.getLogger(PeerTracking.class);

    private final PeerGateways peers;
    private final Regions regions;
    private final ObjectMapper json;
    private final ObjectReader views;
    private final Duration retryAfter;
    private final Duration timeout;

    PeerTracking(PeerGateways peers, Regions regions, ObjectMapper json, GatewayConfig config) {
        this.peers = peers;
        this.regions = regions;
        this.json = json;
        // A peer on a newer version may add fields: they are dropped, not a reason to fail the partner.
        this.views = json.readerFor(TrackingView.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.retryAfter = config.gateway().peerCalls().retryAfter();
        this.timeout = config.gateway().peerCalls().timeout();
    }

    /** True when the number belongs to another region, whose gateway answers for it. */
    public boolean elsewhere(TrackingNumber number) {
        return !number.regionCode().equals(regions.localCode());
    }

    /** The parcel's status and timeline, from its region's gateway. */
    public Uni<TrackingView> track(CallingPartner caller, TrackingNumber number) {
        PeerGateway peer = peerOf(caller, number);
        return peer.get(path(number), caller.name())
                .onFailure().transform(failure -> unavailable(peer, failure))
                .map(answer -> view(peer, answer));
    }

    /** A last-mile report, recorded by the parcel's region's gateway (never sent twice). */
    public Uni<TrackingView> report(CallingPartner caller, TrackingNumber number, LastMileReport report) {
        PeerGateway peer = peerOf(caller, number);
        Buffer body;
        try {
            body = Buffer.buffer(json.writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return peer.post(path(number) + "/events", caller.name(), body)
                .onFailure().transform(failure -> unavailable(peer, failure))
                .map(answer -> view(peer, answer));
    }

    /**
     * The parcel's events as its region's gateway streams them, from {@code lastEventId} on. The answer comes
     * once the peer's stream is open: a peer that cannot stream fails it, before the partner's stream begins.
     */
    public Uni<Multi<OutboundSseEvent>> stream(CallingPartner caller, TrackingNumber number, String lastEventId,
                                               Sse sse) {
        PeerGateway peer = peerOf(caller, number);
        return peer.stream(path(number) + "/events", caller.name(), lastEventId)
                .onFailure().transform(failure -> unavailable(peer, failure))
                .map(answer -> {
                    if (answer.lines() == null) {
                        throw answer.status() < 300 ? unexpected(peer, answer) : relayed(peer, answer);
                    }
                    return EventStream.events(answer.lines()).map(event -> outbound(sse, event));
                });
    }

    /**
     * The gateway that holds the number's parcel.
     *
     * @throws ProblemException 404 for a code of no region or a request another gateway forwarded already,
     *                          503 when that region's gateway is not reachable from here
     */
    private PeerGateway peerOf(CallingPartner caller, TrackingNumber number) {
        if (caller.throughPeer()) {
            // Regions that disagree on codes would otherwise pass a number around forever.
            throw ProblemException.notFound("tracking number " + number + " is not of region " + regions.local()
                    + " (" + regions.localCode() + "), and a lookup forwarded by another gateway is not forwarded"
                    + " again");
        }
        String region = regions.named(number.regionCode()).orElseThrow(() -> ProblemException.notFound(
                "no region of the network has code " + number.regionCode() + ", so there is no parcel " + number));
        if (!peers.hasKey()) {
            throw unavailable("parcels of region " + region + " are tracked at its gateway, and this gateway"
                    + " cannot forward to it: it has no peer key (rocketexpress.gateway.peer-credential); ask the gateway"
                    + " of region " + region);
        }
        return peers.of(region).orElseThrow(() -> unavailable("no gateway of region " + region
                + " is configured here (rocketexpress.peers." + region + ".url); ask that region's gateway"));
    }

    private static String path(TrackingNumber number) {
        return "/v1/tracking/" + number;
    }

    private TrackingView view(PeerGateway peer, PeerAnswer answer) {
        if (answer.status() >= 300) {
            throw relayed(peer, answer);
        }
        if (!answer.hasContentType(MediaType.APPLICATION_JSON)) {
            throw unexpected(peer, answer);
        }
        try {
            return views.readValue(answer.bytes());
        } catch (IOException e) {
            LOG.warnf("the gateway of region %s answered a tracking view that does not read: %s", peer.region(),
                    e.getMessage());
            throw unexpected(peer, answer);
        }
    }

    /**
     * The peer's 4xx, as it came. A refused signature is not the partner's problem but the network's (the
     * peer does not know this region's key): the partner is told to come back later, the operators are told
     * in the log.
     */
    private RuntimeException relayed(PeerGateway peer, PeerAnswer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            LOG.errorf("the gateway of region %s refused this gateway's signed call (HTTP %d): %s; is this"
                    + " region's peer key among its rocketexpress.peers.<region>.credentials?", peer.region(),
                    answer.status(),
                    new String(answer.bytes(), java.nio.charset.StandardCharsets.UTF_8));
            return unavailable("the gateway of region " + peer.region() + " does not accept this gateway's"
                    + " calls at the moment");
        }
        if (!answer.hasContentType(Problem.MEDIA_TYPE) && !answer.hasContentType(MediaType.APPLICATION_JSON)) {
            return unexpected(peer, answer);
        }
        return new RelayedProblem(answer.status(), answer.contentType(), answer.bytes(), answer.retryAfter());
    }

    private ProblemException unexpected(PeerGateway peer, PeerAnswer answer) {
        return unavailable("the gateway of region " + peer.region() + " gave an unexpected answer (HTTP "
                + answer.status() + ", " + answer.contentType() + ")");
    }

    private Throwable unavailable(PeerGateway peer, Throwable failure) {
        String region = peer.region();
        if (failure instanceof CircuitBreakerOpenException) {
            return unavailable("the gateway of region " + region + " is failing; calls to it are paused");
        }
        if (failure instanceof TimeoutException) {
            return unavailable("the gateway of region " + region + " did not answer within " + seconds(timeout));
        }
        if (failure instanceof PeerUnreachable || failure instanceof PeerFailed) {
            return unavailable(failure.getMessage());
        }
        return failure;
    }

    private ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.UNAVAILABLE, detail + "; retry after the time in Retry-After",
                List.of(), retryAfter);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static OutboundSseEvent outbound(Sse sse, RelayedEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder();
        if (event.isComment()) {
            return builder.comment(event.comment()).build();
        }
        if (event.id() != null) {
            builder.id(event.id());
        }
        if (event.name() != null) {
            builder.name(event.name());
        }
        if (event.retry() != null) {
            builder.reconnectDelay(event.retry());
        }
        // A String is written as it is, whatever the stream's element type: the peer's JSON stays that JSON.
        return builder.data(String.class, event.data()).build();
    }
}
