package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts one delivery to an endpoint, without blocking, and tells how it went; never fails. The host is resolved
 * and checked against the {@link DestinationPolicy} at every attempt, and the connection goes to the address
 * checked (the Host header and TLS server name stay the endpoint's, so certificates are verified against its
 * name). An attempt takes at most the timeout from lookup to the answer's last byte, and reads at most
 * {@value #MAX_ANSWER_BYTES} bytes of the answer: past either, the connection is closed and the attempt failed.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    static final int MAX_ANSWER_BYTES = 8 * 1024;

    private final HttpClient client;
    private final HostLookup lookup;
    private final DestinationPolicy policy;
    private final Duration timeout;

    @Inject
    WebhookSender(Vertx vertx, HostLookup lookup, GatewayConfig config) {
        this(vertx, lookup, DestinationPolicy.of(config.gateway().webhooks()), config.gateway().webhooks().timeout(),
                new HttpClientOptions());
    }

    /** A sender whose client starts from the given options (the trust of its TLS connections, for one). */
    WebhookSender(Vertx vertx, HostLookup lookup, DestinationPolicy policy, Duration timeout, HttpClientOptions options) {
        this.timeout = timeout;
        this.lookup = lookup;
        this.policy = policy;
        // The request names the host, the connection goes to the checked address: SNI must be sent explicitly.
        this.client = vertx.getDelegate().createHttpClient(options
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(50)
                .setVerifyHost(true)
                .setForceSni(true));
    }

    /** What went wrong with an attempt, in a word: the delivery log shows it, never the endpoint's own words. */
    static final class Errors {
        static final String TIMEOUT = "timeout";
        static final String REFUSED = "refused";
        static final String TLS = "tls";
        static final String BLOCKED = "blocked-address";
        static final String STATUS = "status";
        static final String TOO_LARGE = "too-large";

        private Errors() {
        }
    }

    /** What came of one attempt: the endpoint's status, if it answered, and what went wrong, if anything. */
    record Outcome(Integer status, String error, long durationMs) {

        boolean delivered() {
            return error == null;
        }
    }

    Uni<Outcome> post(String url, String body, String signature, long deliveryId) {
        long started = System.nanoTime();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(new Outcome(null, Errors.REFUSED, elapsed(started)));
        }
        if (uri.getHost() == null) {
            return Uni.createFrom().item(new Outcome(null, Errors.REFUSED, elapsed(started)));
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        if (!policy.portAllowed(port)) {
            LOG.debugf("webhook delivery %d not sent: port %d of %s is not allowed", deliveryId, port, url);
            return Uni.createFrom().item(new Outcome(null, Errors.BLOCKED, elapsed(started)));
        }
        Exchange exchange = new Exchange();
        return lookup.addresses(host)
                .flatMap(addresses -> {
                    Optional<String> refused = addresses.stream().map(policy::refusal).flatMap(Optional::stream)
                            .findFirst();
                    if (addresses.isEmpty() || refused.isPresent()) {
                        LOG.debugf("webhook delivery %d not sent: %s %s", deliveryId, host,
                                refused.orElse("has no address"));
                        return Uni.createFrom().item(new Outcome(null, Errors.BLOCKED, elapsed(started)));
                    }
                    RequestOptions request = new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setServer(SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress()))
                            .setHost(host)
                            .setPort(port)
                            .setSsl(tls)
                            .setURI(target(uri))
                            .setFollowRedirects(false)
                            .putHeader("Content-Type", "application/json")
                            .putHeader("User-Agent", "RocketExpress-Webhooks/1")
                            .putHeader(WebhookSignature.HEADER, signature)
                            .putHeader("RocketExpress-Delivery", Long.toString(deliveryId));
                    return exchange.run(request, body, started);
                })
                .ifNoItem().after(timeout).recoverWithItem(() -> {
                    exchange.abort();
                    return new Outcome(exchange.status(), Errors.TIMEOUT, elapsed(started));
                })
                .onFailure().recoverWithItem(failure -> {
                    exchange.abort();
                    return new Outcome(exchange.status(), classify(failure), elapsed(started));
                });
    }

    static String classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return Errors.TLS;
            }
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return Errors.TIMEOUT;
            }
        }
        return Errors.REFUSED;
    }

    private static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** One request and its answer, which can be cut short: closing it closes the connection. */
    private final class Exchange {

        private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        private final AtomicInteger status = new AtomicInteger();
        private volatile boolean aborted;

        Uni<Outcome> run(RequestOptions options, String body, long started) {
            return Uni.createFrom().emitter(emitter -> client.request(options)
                    .onFailure(emitter::fail)
                    .onSuccess(sent -> {
                        request.set(sent);
                        if (aborted) {
                            sent.reset();
                            return;
                        }
                        sent.send(Buffer.buffer(body)).onFailure(emitter::fail).onSuccess(response -> {
                            int code = response.statusCode();
                            status.set(code);
                            AtomicLong read = new AtomicLong();
                            response.exceptionHandler(emitter::fail);
                            response.handler(chunk -> {
                                if (read.addAndGet(chunk.length()) > MAX_ANSWER_BYTES) {
                                    // Told first: closing makes the response fail, and that is not the outcome.
                                    emitter.complete(new Outcome(code, Errors.TOO_LARGE, elapsed(started)));
                                    abort();
                                }
                            });
                            response.endHandler(ended -> emitter.complete(code >= 200 && code < 300
                                    ? new Outcome(code, null, elapsed(started))
                                    : new Outcome(code, Errors.STATUS, elapsed(started))));
                        });
                    }));
        }

        Integer status() {
            int code = status.get();
            return code == 0 ? null : code;
        }

        /** Closes the connection, so an endpoint that keeps it open or keeps sending holds nothing of ours. */
        void abort() {
            aborted = true;
            HttpClientRequest sent = request.get();
            if (sent != null) {
                sent.reset();
            }
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
