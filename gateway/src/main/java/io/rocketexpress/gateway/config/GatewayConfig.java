package io.rocketexpress.gateway.config;

import io.rocketexpress.model.common.Guards;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of one region's gateway. Environment variables override them (ROCKETEXPRESS_GATEWAY_REGION, ...). */
@ConfigMapping(prefix = "rocketexpress")
public interface GatewayConfig {

    /** This gateway's settings. */
    Gateway gateway();

    /** Every region of the network by name (hangzhou, dubai, ...), this one included. */
    Map<String, RegionEntry> regions();

    /**
     * The gateways of the other regions by region name ({@code peers.dubai.url}): a tracking number of such a
     * region is looked up at its gateway. Each must be a configured region other than this one.
     */
    Map<String, Peer> peers();

    /** What a booking may carry. */
    Cargo cargo();

    /** Prices. */
    Tariff tariff();

    /** How long rows that only ever accumulate are kept. */
    Retention retention();

    interface Retention {

        /**
         * How long an Idempotency-Key is remembered: a retry within it replays the first answer; after it, the
         * same key books anew.
         */
        @WithDefault("P7D")
        Duration idempotencyKeys();

        /**
         * How long a webhook delivery that ended (delivered, given up, cancelled) stays in the delivery log. Once
         * a whole month of deliveries is past it and none is still pending, its partitions are dropped too.
         */
        @WithDefault("P30D")
        Duration webhookDeliveries();

        /**
         * How long tracking events are kept, counted from the end of the month the database recorded them in:
         * then that month's partition is dropped, with its webhook deliveries and attempts (never while one of
         * them is still kept by {@link #webhookDeliveries()}). Unset, the default, keeps timelines for ever.
         */
        Optional<Duration> trackingEvents();

        /**
         * Months of partitions kept ready after the current one. An event of a month with no partition cannot be
         * written, so upkeep failing this many months in a row (it runs at start and every round) stops bookings.
         */
        @WithDefault("3")
        @Min(1)
        int monthsAhead();

        /**
         * How long creating or dropping a partition waits for its tables: it locks them exclusively for a moment,
         * and requests queue behind a waiting lock, so it gives up soon and tries again next round.
         */
        @WithDefault("PT2S")
        Duration lockTimeout();

        /** How often old rows are retired. */
        @WithDefault("PT1H")
        Duration interval();

        /** Rows retired per statement; each batch is a short transaction of its own. */
        @WithDefault("5000")
        @Positive
        int batchSize();
    }

    interface Gateway {

        /** Name of the region this gateway serves: bookings from here belong to it. */
        @NotBlank
        String region();

        /**
         * Key of the administrator who creates partners and issues their keys; from a Secret in production.
         * Without it the admin API answers 503.
         */
        Optional<String> adminKey();

        /** Per-partner request rate limit. */
        RateLimit rateLimit();

        /**
         * Time from a flight's window opening to the parcel's delivery at the door: flight, barge recovery,
         * unloading and last mile (ISO-8601).
         */
        @WithDefault("PT1H")
        Duration deliveryLeadTime();

        /**
         * The Retry-After of the 503 answered while this region's database cannot be reached (refused, restarting,
         * failing over): about how long such an outage takes.
         */
        @WithDefault("PT5S")
        Duration databaseRetryAfter();

        /**
         * Namespace of this region's cluster whose Launches are the schedule; by default the Kubernetes
         * client's own (the namespace the gateway runs in).
         */
        Optional<String> namespace();

        /** The gateway's link with its region's cluster. */
        Cluster cluster();

        /** Live tracking streams. */
        Stream stream();

        /** Delivery of tracking events to partners' webhook endpoints. */
        Webhooks webhooks();

        /**
         * This region's own peer key, with which it signs what it forwards to other regions' gateways; from a
         * Secret in production. Without it this gateway forwards nothing: other regions' parcels answer 503.
         */
        PeerCredential peerCredential();

        /** How lookups of other regions' parcels are forwarded to their gateways. */
        PeerCalls peerCalls();

        /** What /q/metrics reports beyond counting requests. */
        Metrics metrics();
    }

    interface Metrics {

        /**
         * How often each replica counts the waitlist and the webhook deliveries still to send, for their gauges:
         * one small indexed count each per interval, rather than one per scrape.
         */
        @WithDefault("PT30S")
        Duration backlogInterval();
    }

    interface Stream {

        /** Longest quiet time on a live stream before a heartbeat comment is sent. */
        @WithDefault("PT15S")
        Duration heartbeat();

        /** Most tracking streams one partner may hold open at once on one replica; more are answered 429. */
        @WithDefault("100")
        @Min(1)
        int maxPerPartner();

        /** Most tracking streams one replica holds open at once, over all partners; more are answered 429. */
        @WithDefault("5000")
        @Min(1)
        int maxPerReplica();

        /**
         * Longest one stream lasts: it then ends, and the client reconnects with {@code Last-Event-ID},
         * landing on whichever replica is least busy, with nothing missed.
         */
        @WithDefault("PT1H")
        Duration maxLifetime();
    }

    interface Webhooks {

        /**
         * How often the outbox is looked at for deliveries that are due: an ISO-8601 duration, or {@code off}
         * for a gateway that never sends (another replica does).
         */
        @WithDefault("PT1S")
        String pollInterval();

        /** Most deliveries one replica sends per look, over all endpoints. */
        @WithDefault("100")
        @Min(1)
        int batchSize();

        /** Longest an endpoint may take to answer before the attempt counts as failed. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Wait before the second attempt; each later wait doubles, with jitter, up to the longest. */
        @WithDefault("PT5S")
        Duration firstRetryDelay();

        /** Longest wait between two attempts. */
        @WithDefault("PT1H")
        Duration maxRetryDelay();

        /** Age at which a delivery still failing is given up and marked DEAD. */
        @WithDefault("P3D")
        Duration giveUpAfter();

        /** Failed attempts in a row that open an endpoint's circuit breaker. */
        @WithDefault("5")
        @Min(1)
        int breakerThreshold();

        /** How long an open breaker sends nothing; then one delivery probes the endpoint. */
        @WithDefault("PT1M")
        Duration breakerOpenFor();

        /** Accept plain-HTTP endpoints; for local testing only: production endpoints must be HTTPS. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * Send to loopback, private, link-local, shared (CGNAT), multicast and unspecified addresses; for local
         * testing only. Off, an endpoint whose host resolves to such an address is refused at every attempt, so
         * a partner cannot reach the network the gateway runs in.
         */
        @WithDefault("false")
        boolean allowPrivate();

        /** Ports an endpoint may use: single ports or ranges ({@code 443}, {@code 8443-8450}). */
        @WithDefault("443")
        List<@Pattern(regexp = "\\d{1,5}(-\\d{1,5})?") String> allowedPorts();

        /** Most deliveries in flight to one endpoint at once, over all replicas: a slow one holds only these. */
        @WithDefault("10")
        @Min(1)
        int maxInFlightPerEndpoint();

        /**
         * AES key (base64 of 16 or 32 bytes) that encrypts endpoint secrets at rest; from a Secret in production.
         * Without it, registering an endpoint answers 503 and no secret is stored.
         */
        Optional<String> secretsKey();

        /** How long the secret a registration replaced still signs deliveries, next to the new one. */
        @WithDefault("PT24H")
        Duration secretOverlap();
    }

    interface PeerCredential {

        /** The key's id, naming this region: {@code <region>-<label>}, like {@code hangzhou-2026-11}. */
        Optional<String> keyId();

        /** The key's secret, at least 32 characters; every other region is given it to check signatures. */
        Optional<String> secret();
    }

    interface Peer {

        /** Base URL of that region's gateway, https (or http, where allowed), like {@code https://gateway.dubai.example.com}. */
        Optional<URI> url();

        /**
         * The keys that region's gateway signs with, as {@code <keyId>:<secret>}, comma-separated: one, or two
         * while it rotates. Requests that region forwards are accepted only under these. Without any, nothing
         * forwarded from that region is accepted.
         */
        Optional<String> credentials();
    }

    interface PeerCalls {

        /**
         * Longest wait for one attempt at a peer gateway: its whole answer, or for a stream its first response
         * (a stream then lasts as long as the partner stays).
         */
        @WithDefault("PT5S")
        Duration timeout();

        /**
         * Further attempts after a quick failure: no connection, or a 5xx answer. A report is tried again only
         * when no connection was made, since it may have been recorded. A timeout is not tried again: the
         * partner waits about one timeout, not several.
         */
        @WithDefault("2")
        @Min(0)
        @Max(10)
        int retries();

        /** First wait before another attempt; it doubles, with jitter, up to the timeout. */
        @WithDefault("PT0.2S")
        Duration retryDelay();

        /**
         * Whether peer gateways may be reached over plain http. Off by default: the partner's name and the peer
         * credential travel with every forwarded call. The dev and test profiles, and the sandbox, turn it on.
         */
        @WithDefault("false")
        boolean allowHttp();

        /** The Retry-After of a 503 answered when a peer gateway cannot answer. */
        @WithDefault("PT30S")
        Duration retryAfter();

        /** Most connections open at once to one peer for lookups and reports; more requests queue for one. */
        @WithDefault("50")
        @Min(1)
        @Max(10_000)
        int maxConnections();

        /**
         * Most lookups and reports one partner may have in flight to one peer at once: its share of
         * {@code max-connections}, so that one partner's burst cannot take the connections of all the others.
         * Over it, the partner is answered 429.
         */
        @WithDefault("10")
        @Min(1)
        @Max(10_000)
        int maxConnectionsPerPartner();

        /**
         * Most event streams relayed from one peer at once: each holds a connection while its partner stays. A
         * partner's share of them is bounded by {@code rocketexpress.gateway.stream.max-per-partner}.
         */
        @WithDefault("500")
        @Min(1)
        @Max(100_000)
        int maxStreams();

        /** The circuit breaker each peer gateway has: a failing region is spared, and answered 503 at once. */
        PeerBreaker circuitBreaker();

        /** These settings as the guard of calls to a peer gateway. */
        default Guards.Policy policy() {
            return new Guards.Policy(timeout(), retries(), retryDelay(), circuitBreaker().requestVolumeThreshold(),
                    circuitBreaker().failureRatio(), circuitBreaker().delay());
        }
    }

    interface PeerBreaker {

        /** Number of recent attempts the failure ratio is taken over (and needed before the breaker opens). */
        @WithDefault("10")
        @Min(1)
        int requestVolumeThreshold();

        /** Share of failed attempts (no connection, timeout, 5xx) among the recent ones that opens the breaker. */
        @WithDefault("0.5")
        @DecimalMin("0.01")
        @DecimalMax("1")
        double failureRatio();

        /** How long an open breaker answers 503 at once before it lets a trial call through. */
        @WithDefault("PT30S")
        Duration delay();
    }

    interface Cluster {

        /** How often the whole schedule is re-read from the informer's cache, even without a change. */
        @WithDefault("PT5M")
        Duration resync();

        /**
         * How often flights whose sales closed are looked at for sealing their manifest: an ISO-8601 duration
         * (PT2S), or {@code off} for a gateway that never seals.
         */
        @WithDefault("PT2S")
        String sealingInterval();

        /** Longest a call to the Kubernetes API (a manifest patch) may take. */
        @WithDefault("PT10S")
        Duration callTimeout();

        /** Further attempts of a failed call, with a backoff that doubles, before the sealing round gives up. */
        @WithDefault("3")
        @Min(0)
        int callRetries();

        /** First wait before another attempt. */
        @WithDefault("PT0.5S")
        Duration retryDelay();

        /** Recent calls the failure ratio is taken over, and needed before the circuit breaker opens. */
        @WithDefault("4")
        @Min(1)
        int circuitVolume();

        /** Share of failed calls among the recent ones that opens the circuit breaker. */
        @WithDefault("0.75")
        @DecimalMin("0.01")
        @DecimalMax("1")
        double circuitFailureRatio();

        /** How long an open circuit breaker spares the API server before it lets a trial call through. */
        @WithDefault("PT10S")
        Duration circuitDelay();

        /** These settings as the guard of calls to the API server. */
        default Guards.Policy policy() {
            return new Guards.Policy(callTimeout(), callRetries(), retryDelay(), circuitVolume(),
                    circuitFailureRatio(), circuitDelay());
        }
    }

    interface Cargo {

        /** Most parcels one booking may hold. */
        @WithDefault("100")
        @Min(1)
        int maxParcelsPerBooking();

        /** Heaviest single parcel, in kilograms. */
        @WithDefault("500")
        @Positive
        double maxParcelMassKg();

        /** The cabin door's opening, in centimetres, largest side first: a parcel must pass it some way round. */
        @WithDefault("300,200,200")
        List<@Positive Double> doorCm();

        /** Cubic centimetres per kilogram of volumetric mass (the courier trade's 5000). */
        @WithDefault("5000")
        @Positive
        double volumetricDivisor();
    }

    interface Tariff {

        /** ISO-4217 currency of every price. */
        @WithDefault("USD")
        @Pattern(regexp = "[A-Z]{3}")
        String currency();

        /** Price of a route without its own rate. */
        @WithName("default")
        Rate defaultRate();

        /** Rates of particular routes: {@code routes.<origin>.<destination>.base} and {@code .per-kg}. */
        Map<String, Map<String, Rate>> routes();
    }

    interface Rate {

        /** Fixed price of a booking. */
        @WithDefault("25.00")
        @DecimalMin("0")
        BigDecimal base();

        /** Price of each chargeable kilogram. */
        @WithDefault("4.50")
        @DecimalMin("0")
        BigDecimal perKg();
    }

    interface RegionEntry {

        /** Three-letter code carried by the region's tracking numbers. */
        @Pattern(regexp = "[A-Z]{3}")
        String code();
    }

    interface RateLimit {

        /** Sustained requests per second a partner may make to one gateway replica. */
        @WithDefault("50")
        @Min(1)
        @Max(100_000)
        int requestsPerSecond();

        /** Requests a partner may make at once above the sustained rate. */
        @WithDefault("100")
        @Min(1)
        @Max(1_000_000)
        int burst();
    }
}
