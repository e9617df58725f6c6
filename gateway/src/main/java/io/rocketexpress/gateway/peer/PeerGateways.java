package io.rocketexpress.gateway.peer;

import io.quarkus.runtime.Startup;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The other regions' gateways this gateway forwards to, as configured ({@code rocketexpress.peers.*}); checked
 * at startup, so a misspelt region stops the gateway instead of failing the first partner who asks.
 */
@Startup
@ApplicationScoped
public class PeerGateways {

    private final Map<String, PeerGateway> byRegion = new TreeMap<>();
    private final Optional<String> key;
    private final HttpClient calls;
    private final HttpClient streams;

    PeerGateways(GatewayConfig config, Regions regions, Vertx vertx) {
        GatewayConfig.PeerCalls settings = config.gateway().peerCalls();
        Map<String, URI> urls = new TreeMap<>();
        config.peers().forEach((region, peer) -> urls.put(region, peer.url()));
        check(urls, regions.all(), regions.local());
        requirePositive("rocketexpress.gateway.peer-calls.timeout", settings.timeout());
        requirePositive("rocketexpress.gateway.peer-calls.retry-after", settings.retryAfter());
        requirePositive("rocketexpress.gateway.peer-calls.circuit-breaker.delay", settings.circuitBreaker().delay());
        if (settings.retryDelay().isNegative()) {
            throw new IllegalStateException("rocketexpress.gateway.peer-calls.retry-delay must not be negative");
        }
        this.key = config.gateway().peerKey().filter(peerKey -> !peerKey.isBlank());
        int connectTimeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        // Streams hold their connection for as long as a partner watches: they get a pool of their own, so they
        // never keep lookups waiting for a connection.
        this.calls = vertx.createHttpClient(options(connectTimeout, "peer-gateway-calls"),
                new PoolOptions().setHttp1MaxSize(settings.maxConnections()));
        this.streams = vertx.createHttpClient(options(connectTimeout, "peer-gateway-streams"),
                new PoolOptions().setHttp1MaxSize(settings.maxStreams()));
        key.ifPresent(peerKey -> urls.forEach((region, url) -> byRegion.put(region,
                new PeerGateway(region, url, peerKey, settings, calls, streams))));
    }

    /**
     * Every peer must be another configured region, reached over http or https.
     *
     * @throws IllegalStateException naming the offending setting
     */
    static void check(Map<String, URI> peers, Set<String> regions, String local) {
        peers.forEach((region, url) -> {
            String setting = "rocketexpress.peers." + region + ".url";
            if (!regions.contains(region)) {
                throw new IllegalStateException(setting + " names no configured region; regions are "
                        + String.join(", ", regions));
            }
            if (region.equals(local)) {
                throw new IllegalStateException(setting + " names this gateway's own region: its parcels are"
                        + " answered here; remove the setting");
            }
            if (url == null || url.getHost() == null
                    || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalStateException(setting + "=" + url + " is not an http or https URL with a host");
            }
        });
    }

    /** Whether this gateway may call other gateways at all: without the network's peer key it may not. */
    public boolean hasKey() {
        return key.isPresent();
    }

    /** The regions whose gateways this gateway can call: configured, and this gateway has the peer key. */
    Set<String> regions() {
        return java.util.Collections.unmodifiableSet(byRegion.keySet());
    }

    /** The gateway of {@code region}, when it is configured (and this gateway has the peer key). */
    Optional<PeerGateway> of(String region) {
        return Optional.ofNullable(byRegion.get(region));
    }

    @PreDestroy
    void close() {
        calls.closeAndForget();
        streams.closeAndForget();
    }

    private static HttpClientOptions options(int connectTimeoutMillis, String name) {
        return new HttpClientOptions()
                .setName(name)
                .setConnectTimeout(connectTimeoutMillis)
                .setKeepAlive(true)
                // A stream may stay quiet for hours; the operating system notices a peer that vanished.
                .setTcpKeepAlive(true);
    }

    private static void requirePositive(String setting, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalStateException(setting + " must be a positive duration, not " + value);
        }
    }
}
