package io.rocketexpress.gateway.peer;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.partner.OnBehalfOf;
import io.rocketexpress.model.common.Guards;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.parsetools.RecordParser;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Another region's gateway, called for one of this gateway's partners (or, for the public pages, for no partner),
 * each request signed with this region's peer key ({@link PeerSignature}). Every
 * attempt is bounded by the timeout and goes through this region's own circuit breaker, so a region in
 * trouble is spared and answered at once while the others are not affected. Quick failures are tried again
 * with exponential backoff and jitter; a lookup after any of them, a report only when no connection was made.
 */
final class PeerGateway {

    private static final Logger LOG = Logger.getLogger(PeerGateway.class);
    private static final TypeLiteral<Uni<PeerAnswer>> ANSWER = new TypeLiteral<>() {
    };
    /** Longest line of an event stream taken from a peer; a tracking event's is a few hundred bytes. */
    private static final int MAX_LINE = 64 * 1024;

    private final String region;
    private final String base;
    /** The share of the public pages' reads, which are made for no partner. */
    private static final String PUBLIC_PAGES = "";
    private final PeerSignature.Credential key;
    private final HttpClient calls;
    private final HttpClient streams;
    private final long timeoutMillis;
    private final Guard attempts;
    private final Guard streamAttempts;
    private final PartnerShare share;
    private final Guard lookups;
    private final Guard reports;

    PeerGateway(String region, URI url, PeerSignature.Credential key, GatewayConfig.PeerCalls settings, HttpClient calls,
                HttpClient streams) {
        this.region = region;
        this.base = url.toString().replaceAll("/+$", "");
        this.key = key;
        this.calls = calls;
        this.streams = streams;
        this.timeoutMillis = settings.timeout().toMillis();
        this.attempts = Guards.guard("calls to the gateway of region " + region, settings.policy())
                .noRetry()
                .breaker(breakerName(region))
                .onStateChange(state -> LOG.warnf("the circuit breaker of the gateway of region %s is now %s",
                        region, state))
                .build();
        // Streams that fail to open count against a breaker of their own: they cannot pause lookups.
        this.streamAttempts = Guards.guard("streams from the gateway of region " + region, settings.policy())
                .noRetry()
                .breaker(breakerName(region) + "-streams")
                .onStateChange(state -> LOG.warnf("the stream circuit breaker of the gateway of region %s is now %s",
                        region, state))
                .build();
        this.share = new PartnerShare(region, settings.maxConnectionsPerPartner(), settings.retryAfter());
        // A peer that let a whole timeout pass is not asked again: the partner waits one timeout, not several.
        this.lookups = Guards.guard("lookups at the gateway of region " + region, settings.policy()).retriesOnly()
                .retryOn(PeerUnreachable.class, PeerFailed.class).abortOn(CircuitBreakerOpenException.class).build();
        this.reports = Guards.guard("reports to the gateway of region " + region, settings.policy()).retriesOnly()
                .retryOn(PeerUnreachable.class).abortOn(CircuitBreakerOpenException.class).build();
    }

    /** Name of the circuit breaker of a region's gateway, for {@code CircuitBreakerMaintenance}. */
    static String breakerName(String region) {
        return "peer-gateway-" + region;
    }

    String region() {
        return region;
    }

    /** A GET of a JSON resource, answered whole; {@code partner} null for a public read. */
    Uni<PeerAnswer> get(String path, String partner) {
        RequestOptions options = options(HttpMethod.GET, path, partner)
                .putHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        return share.run(shareOf(partner),
                () -> lookups.get(() -> attempts.get(() -> exchange(options, null), ANSWER), ANSWER));
    }

    /** A POST of a JSON body that the peer records: tried again only if it surely did not reach the peer. */
    Uni<PeerAnswer> post(String path, String partner, Buffer json) {
        RequestOptions options = options(HttpMethod.POST, path, partner)
                .putHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        return share.run(shareOf(partner),
                () -> reports.get(() -> attempts.get(() -> exchange(options, json), ANSWER), ANSWER));
    }

    /**
     * Opens an event stream: the timeout bounds the wait for the peer's response, not the stream, which lasts
     * as long as the peer sends and the partner stays. Any other answer than a stream is read whole.
     */
    Uni<PeerAnswer> stream(String path, String partner, String lastEventId) {
        RequestOptions options = options(HttpMethod.GET, path, partner)
                .putHeader(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS)
                .setIdleTimeout(0);
        if (lastEventId != null && !lastEventId.isBlank()) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        return lookups.get(() -> streamAttempts.get(() -> open(options), ANSWER), ANSWER);
    }

    /** Whose share of the connections a call takes: its partner's, or for the public pages, theirs together. */
    private static String shareOf(String partner) {
        return partner == null ? PUBLIC_PAGES : partner;
    }

    /** The request's options; without a partner, a read of what the peer shows the public. */
    private RequestOptions options(HttpMethod method, String path, String partner) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(base + path)
                .setFollowRedirects(false)
                // Frees a connection to a peer that hangs; the guard's timeout has answered the partner by then.
                .setIdleTimeout(2 * timeoutMillis);
        return partner == null ? options : options.putHeader(OnBehalfOf.HEADER, OnBehalfOf.encode(partner));
    }

    /** Signs each attempt afresh, so that a retry carries a current time. */
    private RequestOptions signed(RequestOptions options, Buffer body) {
        URI target = URI.create(options.getURI());
        String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        return new RequestOptions(options).putHeader(PeerSignature.HEADER, PeerSignature.sign(key,
                options.getMethod().name(), pathAndQuery, options.getHeaders().get(OnBehalfOf.HEADER),
                Instant.now(), body == null ? null : body.getBytes()));
    }

    private Uni<PeerAnswer> exchange(RequestOptions unsigned, Buffer body) {
        RequestOptions options = signed(unsigned, body);
        return connect(calls, options)
                .flatMap(request -> (body == null ? request.send() : request.send(body))
                        .flatMap(response -> response.body().map(bytes -> PeerAnswer.of(response, bytes)))
                        .onFailure().transform(this::brokeOff))
                .invoke(this::requireAnswer);
    }

    private Uni<PeerAnswer> open(RequestOptions unsigned) {
        RequestOptions options = signed(unsigned, null);
        return connect(streams, options)
                .flatMap(request -> request.send()
                        // The guard has answered the partner at the timeout; this frees the connection of a peer
                        // that never answers (a stream has no idle timeout to do it).
                        .ifNoItem().after(Duration.ofMillis(2 * timeoutMillis)).recoverWithUni(() -> {
                            request.reset();
                            return Uni.createFrom().failure(new PeerFailed("the gateway of region " + region
                                    + " did not answer", null));
                        })
                        .flatMap(response -> {
                            if (response.statusCode() == 200 && isEventStream(response)) {
                                // Held until the relay asks for lines, so none is lost meanwhile.
                                response.pause();
                                return Uni.createFrom().item(PeerAnswer.stream(response, lines(request, response)));
                            }
                            return response.body().map(bytes -> PeerAnswer.of(response, bytes));
                        })
                        .onFailure().transform(this::brokeOff))
                .invoke(this::requireAnswer);
    }

    private Uni<HttpClientRequest> connect(HttpClient client, RequestOptions options) {
        return client.request(options).onFailure().transform(e -> new PeerUnreachable(region, e));
    }

    private Throwable brokeOff(Throwable failure) {
        return failure instanceof PeerFailed ? failure
                : new PeerFailed("the gateway of region " + region + " broke off: " + Failures.describe(failure),
                failure);
    }

    /** A 5xx is the peer failing and counts against its breaker; a 4xx is an answer the partner gets. */
    private void requireAnswer(PeerAnswer answer) {
        int status = answer.status();
        if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
            throw new PeerFailed("the gateway of region " + region + " answered HTTP " + status, null);
        }
    }

    private static boolean isEventStream(HttpClientResponse response) {
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.SERVER_SENT_EVENTS);
    }

    /** The stream's lines, decoded; the connection is closed when the relay stops, for whatever reason. */
    private static Multi<String> lines(HttpClientRequest request, HttpClientResponse response) {
        return Multi.createFrom().deferred(() -> RecordParser.newDelimited("\n", response)
                        .maxRecordSize(MAX_LINE)
                        .toMulti())
                .map(line -> {
                    String text = line.toString(StandardCharsets.UTF_8);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                })
                .onTermination().invoke(() -> {
                    // The reset is ours: the stream it fails has no reader any more.
                    response.exceptionHandler(ignored -> {
                    });
                    request.reset();
                });
    }
}
