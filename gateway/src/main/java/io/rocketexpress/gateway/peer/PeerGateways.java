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
import java.util.ArrayList;
import java.util.List;
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
    private final Optional<PeerSignature.Credential> own;
    private final Map<String, Accepted> accepted = new TreeMap<>();
    private final HttpClient calls;
    private final HttpClient streams;

    /** A key another region signs with, and that region. */
    public record Accepted(String region, PeerSignature.Credential key) {
    }

    PeerGateways(GatewayConfig config, Regions regions, Vertx vertx) {
        GatewayConfig.PeerCalls settings = config.gateway().peerCalls();
        Map<String, URI> urls = new TreeMap<>();
        config.peers().forEach((region, peer) -> peer.url().ifPresent(url -> urls.put(region, url)));
        check(urls, regions.all(), regions.local(), settings.allowHttp());
        requirePositive("rocketexpress.gateway.peer-calls.timeout", settings.timeout());
        requirePositive("rocketexpress.gateway.peer-calls.retry-after", settings.retryAfter());
        requirePositive("rocketexpress.gateway.peer-calls.circuit-breaker.delay", settings.circuitBreaker().delay());
        if (settings.retryDelay().isNegative()) {
            throw new IllegalStateException("rocketexpress.gateway.peer-calls.retry-delay must not be negative");
        }
        this.own = ownCredential(config.gateway().peerCredential(), regions.local());
        config.peers().forEach((region, peer) -> peer.credentials().ifPresent(text -> {
            if (!regions.all().contains(region) || region.equals(regions.local())) {
                throw new IllegalStateException("rocketexpress.peers." + region + ".credentials: " + region
                        + " is not another configured region");
            }
            credentials(region, text).forEach(key -> accepted.put(key.keyId(), new Accepted(region, key)));
        }));
        int connectTimeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        // Streams hold their connection for as long as a partner watches: they get a pool of their own, so they
        // never keep lookups waiting for a connection.
        this.calls = vertx.createHttpClient(options(connectTimeout, "peer-gateway-calls"),
                new PoolOptions().setHttp1MaxSize(settings.maxConnections()));
        this.streams = vertx.createHttpClient(options(connectTimeout, "peer-gateway-streams"),
                new PoolOptions().setHttp1MaxSize(settings.maxStreams()));
        own.ifPresent(key -> urls.forEach((region, url) -> byRegion.put(region,
                new PeerGateway(region, url, key, settings, calls, streams))));
    }

    /**
     * This region's own key, when one is configured whole.
     *
     * @throws IllegalStateException when half of it is configured, or it does not name this region
     */
    static Optional<PeerSignature.Credential> ownCredential(GatewayConfig.PeerCredential settings, String local) {
        Optional<String> keyId = settings.keyId().filter(id -> !id.isBlank());
        Optional<String> secret = settings.secret().filter(value -> !value.isBlank());
        if (keyId.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            throw new IllegalStateException("rocketexpress.gateway.peer-credential needs both key-id and secret;"
                    + " only " + (keyId.isPresent() ? "key-id" : "secret") + " is set");
        }
        PeerSignature.Credential key;
        try {
            key = new PeerSignature.Credential(keyId.get(), secret.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rocketexpress.gateway.peer-credential: " + e.getMessage(), e);
        }
        if (!key.names(local)) {
            throw new IllegalStateException("rocketexpress.gateway.peer-credential.key-id=" + key.keyId()
                    + " does not name this region: it must start with " + local + "-");
        }
        return Optional.of(key);
    }

    /**
     * The keys a region signs with, from {@code <keyId>:<secret>[,<keyId>:<secret>]}.
     *
     * @throws IllegalStateException naming the setting and what is wrong, never echoing a secret
     */
    static List<PeerSignature.Credential> credentials(String region, String text) {
        String setting = "rocketexpress.peers." + region + ".credentials";
        List<PeerSignature.Credential> keys = new ArrayList<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException(setting + " lists keys as <keyId>:<secret>, comma-separated");
            }
            PeerSignature.Credential key;
            try {
                key = new PeerSignature.Credential(trimmed.substring(0, colon), trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(setting + ": " + e.getMessage(), e);
            }
            if (!key.names(region)) {
                throw new IllegalStateException(setting + ": key " + key.keyId() + " does not name region " + region
                        + "; its id must start with " + region + "-");
            }
            keys.add(key);
        }
        if (keys.size() > 2) {
            throw new IllegalStateException(setting + " lists " + keys.size() + " keys; a region signs with one, or"
                    + " two while it rotates");
        }
        return keys;
    }

    /** The key of that id another region signs with, when it is one this gateway accepts. */
    public Optional<Accepted> accepted(String keyId) {
        return Optional.ofNullable(accepted.get(keyId));
    }

    /** Whether any other region's signed requests are accepted here. */
    public boolean acceptsAny() {
        return !accepted.isEmpty();
    }

    /**
     * Every peer must be another configured region, reached over https (or http, where allowed).
     *
     * @throws IllegalStateException naming the offending setting
     */
    static void check(Map<String, URI> peers, Set<String> regions, String local, boolean allowHttp) {
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
            if (!allowHttp && "http".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalStateException(setting + "=" + url + " is plain http: peers are called with the"
                        + " partner's name and the peer credential, so they must be https; set"
                        + " rocketexpress.gateway.peer-calls.allow-http=true only where the network itself is"
                        + " trusted");
            }
        });
    }

    /** Whether this gateway may call other gateways at all: without a peer key of its own it may not. */
    public boolean hasKey() {
        return own.isPresent();
    }

    /** The regions whose gateways this gateway can call: configured, and this gateway has a peer key of its own. */
    Set<String> regions() {
        return java.util.Collections.unmodifiableSet(byRegion.keySet());
    }

    /** The gateway of {@code region}, when it is configured (and this gateway has a peer key of its own). */
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
