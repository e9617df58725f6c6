package io.rocketexpress.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.ledger.FlightTimeline;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what the outbox holds. The ledger fills it: every tracking event, whichever of {@link TrackingLog} or
 * {@link FlightTimeline} writes it, gets a {@code webhook_delivery} row for its partner's endpoint from the
 * trigger {@code tracking_event_written} (migration V5), in the event's own transaction. Each round, a replica
 * claims the deliveries that are due, endpoint by endpoint, skipping rows another replica holds; an endpoint whose
 * breaker is open is passed by, and one whose breaker is half-open gets a single probing delivery. Outcomes are
 * written back with the attempt: a success closes the breaker, a failure sets the next attempt after a backoff
 * with jitter, and opens the breaker after enough failures in a row. A delivery still failing when it is old
 * enough is given up as DEAD. Everything lives in the database, so a restart, or another replica, carries on
 * where this one stopped.
 *
 * <p>Fairness: an endpoint never has more than {@code max-in-flight-per-endpoint} deliveries claimed at once, over
 * all replicas; rounds take endpoints least recently served first; and a round does not wait for its answers.
 * Each endpoint's claim is sent on its own, and when it was full the endpoint's next deliveries are claimed as
 * soon as it is answered, so a backlog drains at the endpoint's own pace while a slow or hanging endpoint holds
 * only its own few deliveries, never the others'.
 */
// Created at start, so that its counters are scraped at zero before the first delivery: an alert on their
// increase then sees the first one too.
@Startup
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    // $1 now, $2 most deliveries, $3 a probe's open_until, $4 claim expiry, $5 one endpoint only (or null),
    // $6 most deliveries in flight per endpoint.
    private static final String CLAIM = """
            WITH ready AS (
                SELECT e.partner_id, e.url, e.secret, e.previous_secret, e.previous_secret_until, e.served_at,
                       e.open_until IS NOT NULL AS probing,
                       (SELECT count(*) FROM webhook_delivery c WHERE c.partner_id = e.partner_id
                            AND c.state = 'PENDING' AND c.claimed_until > $1) AS in_flight
                FROM webhook_endpoint e
                WHERE (e.open_until IS NULL OR e.open_until <= $1)
                  AND ($5::uuid IS NULL OR e.partner_id = $5)
                  -- Only endpoints with work: an idle round locks nothing.
                  AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.partner_id = e.partner_id
                                AND d.state = 'PENDING' AND d.next_attempt_at <= $1
                                AND (d.claimed_until IS NULL OR d.claimed_until <= $1))
                  AND (SELECT count(*) FROM webhook_delivery c WHERE c.partner_id = e.partner_id
                            AND c.state = 'PENDING' AND c.claimed_until > $1) < $6
                ORDER BY e.served_at NULLS FIRST, e.partner_id
                LIMIT $2
                FOR UPDATE OF e SKIP LOCKED
            ), picked AS (
                SELECT due.id, due.event_recorded_at, r.partner_id, r.probing
                FROM ready r CROSS JOIN LATERAL (
                    SELECT d.id, d.event_recorded_at, d.next_attempt_at FROM webhook_delivery d
                    WHERE d.partner_id = r.partner_id AND d.state = 'PENDING' AND d.next_attempt_at <= $1
                      AND (d.claimed_until IS NULL OR d.claimed_until <= $1)
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT greatest(CASE WHEN r.probing THEN 1 ELSE $6 END - r.in_flight, 0)
                    FOR UPDATE OF d SKIP LOCKED
                ) due
                -- Endpoints in turn: each one's first deliveries before anyone's next ones.
                ORDER BY row_number() OVER (PARTITION BY r.partner_id ORDER BY due.next_attempt_at, due.id),
                         r.served_at NULLS FIRST, r.partner_id
                LIMIT $2
            ), served AS (
                UPDATE webhook_endpoint e SET served_at = $1,
                    open_until = CASE WHEN p.probing THEN $3 ELSE e.open_until END
                FROM (SELECT DISTINCT partner_id, probing FROM picked) p WHERE e.partner_id = p.partner_id
            )
            UPDATE webhook_delivery d SET claimed_until = $4
            FROM picked p JOIN ready r ON r.partner_id = p.partner_id, tracking_event t, parcel pa
            WHERE d.id = p.id AND d.event_recorded_at = p.event_recorded_at
              AND t.id = d.event_id AND t.recorded_at = d.event_recorded_at AND pa.tracking_number = t.tracking_number
            RETURNING d.id, d.event_recorded_at, d.attempts, d.created_at, r.url, r.secret, r.previous_secret,
                      r.previous_secret_until, r.probing, t.id AS event_id, t.tracking_number, t.status, t.occurred_at,
                      t.region, t.detail, pa.booking_id, d.partner_id""";

    // A delivery is named by its whole key, its event's recorded_at included: each statement then reads the index
    // of the delivery's month alone, however many months are kept.
    private static final String DELIVERED = """
            UPDATE webhook_delivery SET state = 'DELIVERED', attempts = attempts + 1, finished_at = $2,
                claimed_until = NULL
            WHERE id = $1 AND event_recorded_at = $3 AND state = 'PENDING'""";
    private static final String FAILED = """
            UPDATE webhook_delivery SET attempts = attempts + 1, claimed_until = NULL,
                state = CASE WHEN coalesce(replayed_at, created_at) <= $3 THEN 'DEAD' ELSE 'PENDING' END,
                finished_at = CASE WHEN coalesce(replayed_at, created_at) <= $3 THEN $2::timestamptz END,
                next_attempt_at = $4
            WHERE id = $1 AND event_recorded_at = $5 AND state = 'PENDING'
            RETURNING state, attempts""";
    private static final String ATTEMPT = """
            INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url, response_status, error, duration_ms,
                                         event_recorded_at)
            SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4, $5, $6, $7 FROM webhook_attempt
            WHERE delivery_id = $1 AND event_recorded_at = $7""";
    private static final String CLOSE_BREAKER = """
            UPDATE webhook_endpoint SET failures = 0, open_until = NULL WHERE partner_id = $1""";
    private static final String COUNT_FAILURE = """
            UPDATE webhook_endpoint
            SET failures = failures + 1,
                open_until = CASE WHEN failures + 1 >= $2 THEN $3 ELSE open_until END
            WHERE partner_id = $1
            RETURNING failures, open_until""";

    private final Pool pool;
    private final WebhookSender sender;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final GatewayConfig.Webhooks settings;
    private final Backoff backoff;
    private final Clock clock;
    private final SecretCipher secrets;
    // Deliveries this replica is sending now; a round claims no more than the batch size minus these.
    private final AtomicInteger inFlight = new AtomicInteger();

    WebhookDispatcher(Pool pool, WebhookSender sender, ObjectMapper json, MeterRegistry metrics,
                      GatewayConfig config, Clock clock) {
        this.secrets = new SecretCipher(config.gateway().webhooks().secretsKey());
        this.pool = pool;
        this.sender = sender;
        this.json = json;
        this.metrics = metrics;
        this.settings = config.gateway().webhooks();
        this.backoff = new Backoff(settings.firstRetryDelay(), settings.maxRetryDelay());
        this.clock = clock;
        for (String outcome : List.of("delivered", "failed")) {
            Counter.builder("rocketexpress.webhook.attempts").tag("outcome", outcome)
                    .description("Webhook delivery attempts by outcome").register(metrics);
        }
        Counter.builder("rocketexpress.webhook.retries")
                .description("Failed webhook attempts after which the delivery waits for a retry").register(metrics);
        Counter.builder("rocketexpress.webhook.dead")
                .description("Webhook deliveries given up after failing past the give-up time").register(metrics);
        Counter.builder("rocketexpress.webhook.blocked")
                .description("Webhook attempts refused: the endpoint resolved to a forbidden address or port")
                .register(metrics);
    }

    @Scheduled(every = "${rocketexpress.gateway.webhooks.poll-interval:PT1S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> round() {
        return drain()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("webhook round failed, trying again next round: %s", failure.getMessage());
                    return null;
                });
    }

    /** Claims until a claim comes back short or this replica has a batch in flight: a backlog is taken at once. */
    private Uni<Void> drain() {
        int room = settings.batchSize() - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        return claim(null, room).flatMap(claimed -> claimed < room ? Uni.createFrom().voidItem() : drain());
    }

    /**
     * Claims the deliveries due now (up to the batch size, and each endpoint's cap) and starts sending them; it
     * does not wait for the answers. @return how many were claimed
     */
    public Uni<Integer> dispatchDue() {
        return claim(null, Math.max(settings.batchSize() - inFlight.get(), 0));
    }

    private Uni<Integer> claim(UUID only, int most) {
        if (most <= 0) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        // A claim outlives the attempt, with room to write its outcome; a replica that dies lets it lapse.
        Duration hold = settings.timeout().multipliedBy(3).plusSeconds(30);
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.tuple().addOffsetDateTime(utc(now)).addLong((long) most)
                        .addOffsetDateTime(utc(now.plus(settings.breakerOpenFor())))
                        .addOffsetDateTime(utc(now.plus(hold))).addUUID(only)
                        .addLong((long) settings.maxInFlightPerEndpoint()))
                .map(claimed -> {
                    Map<UUID, List<Row>> byEndpoint = new LinkedHashMap<>();
                    claimed.forEach(row -> byEndpoint.computeIfAbsent(row.getUUID("partner_id"), id -> new ArrayList<>())
                            .add(row));
                    inFlight.addAndGet(claimed.size());
                    byEndpoint.forEach(this::send);
                    return claimed.size();
                });
    }

    /** Sends one endpoint's claim; once answered, a full claim is followed by the endpoint's next deliveries. */
    private void send(UUID partner, List<Row> claimed) {
        boolean full = !claimed.get(0).getBoolean("probing") && claimed.size() >= settings.maxInFlightPerEndpoint();
        Multi.createFrom().iterable(claimed)
                .onItem().transformToUni(this::attempt).merge(settings.maxInFlightPerEndpoint())
                .collect().last()
                .onTermination().invoke(() -> inFlight.addAndGet(-claimed.size()))
                .flatMap(ignored -> full ? claim(partner, Math.min(settings.maxInFlightPerEndpoint(),
                        settings.batchSize() - inFlight.get())) : Uni.createFrom().item(0))
                .subscribe().with(ignored -> { }, failure -> LOG.warnf(
                        "webhook deliveries to an endpoint could not be followed up, the next round will: %s",
                        failure.getMessage()));
    }

    private Uni<Void> attempt(Row claimed) {
        long delivery = claimed.getLong("id");
        OffsetDateTime eventRecorded = claimed.getOffsetDateTime("event_recorded_at");
        UUID partner = claimed.getUUID("partner_id");
        String url = claimed.getString("url");
        String body = body(claimed);
        Instant created = claimed.getOffsetDateTime("created_at").toInstant();
        int attempt = claimed.getInteger("attempts") + 1;
        return Uni.createFrom().item(() -> WebhookSignature.header(signingSecrets(claimed, partner),
                        clock.instant().getEpochSecond(), body))
                .flatMap(signature -> sender.post(url, body, signature, delivery))
                .flatMap(outcome -> record(delivery, eventRecorded, attempt, partner, url, created, outcome))
                // The claim lapses and another round sends it again: at least once, never lost.
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("outcome of webhook delivery %d not recorded, it will be sent again: %s", delivery,
                            failure.getMessage());
                    return null;
                });
    }

    /** The endpoint's secret, and the one it replaced while that still signs; newest first. */
    private List<String> signingSecrets(Row claimed, UUID partner) {
        List<String> signing = new ArrayList<>(2);
        signing.add(secrets.open(partner, claimed.getString("secret")));
        OffsetDateTime previousUntil = claimed.getOffsetDateTime("previous_secret_until");
        String previous = claimed.getString("previous_secret");
        if (previous != null && previousUntil != null && previousUntil.toInstant().isAfter(clock.instant())) {
            signing.add(secrets.open(partner, previous));
        }
        return signing;
    }

    private Uni<Void> record(long delivery, OffsetDateTime eventRecorded, int attempt, UUID partner, String url,
                             Instant created, WebhookSender.Outcome outcome) {
        Instant now = clock.instant();
        metrics.counter("rocketexpress.webhook.attempts", "outcome", outcome.delivered() ? "delivered" : "failed")
                .increment();
        if (WebhookSender.Errors.BLOCKED.equals(outcome.error())) {
            metrics.counter("rocketexpress.webhook.blocked").increment();
        }
        return pool.withTransaction(connection -> {
            Uni<?> settled = outcome.delivered()
                    ? connection.preparedQuery(DELIVERED).execute(Tuple.of(delivery, utc(now), eventRecorded))
                    : connection.preparedQuery(FAILED).execute(Tuple.of(delivery, utc(now),
                                    utc(now.minus(settings.giveUpAfter())), utc(now.plus(backoff.after(attempt))),
                                    eventRecorded))
                            .invoke(rows -> rows.forEach(row -> {
                                if (!"DEAD".equals(row.getString("state"))) {
                                    metrics.counter("rocketexpress.webhook.retries").increment();
                                } else {
                                    metrics.counter("rocketexpress.webhook.dead").increment();
                                    LOG.infof("gave up webhook delivery %d to %s after %d attempts since %s",
                                            delivery, url, row.getInteger("attempts"), created);
                                }
                            }));
            return settled
                    .flatMap(ignored -> connection.preparedQuery(ATTEMPT).execute(Tuple.tuple()
                            .addLong(delivery).addOffsetDateTime(utc(now)).addString(url)
                            .addInteger(outcome.status()).addString(outcome.error()).addLong(outcome.durationMs())
                            .addOffsetDateTime(eventRecorded)))
                    .flatMap(ignored -> outcome.delivered()
                            ? connection.preparedQuery(CLOSE_BREAKER).execute(Tuple.of(partner)).replaceWithVoid()
                            : connection.preparedQuery(COUNT_FAILURE).execute(Tuple.of(partner,
                                    settings.breakerThreshold(), utc(now.plus(settings.breakerOpenFor()))))
                            .invoke(rows -> rows.forEach(row -> {
                                if (row.getInteger("failures") == settings.breakerThreshold()) {
                                    LOG.warnf("webhook endpoint %s failed %d times in a row; sending nothing to it until %s",
                                            url, settings.breakerThreshold(), row.getOffsetDateTime("open_until"));
                                }
                            }))
                            .replaceWithVoid());
        });
    }

    private String body(Row claimed) {
        WebhookPayload payload = new WebhookPayload(Long.toString(claimed.getLong("id")), WebhookPayload.TYPE,
                claimed.getOffsetDateTime("created_at").toInstant(),
                new WebhookPayload.Event(claimed.getLong("event_id"), claimed.getString("tracking_number"),
                        claimed.getUUID("booking_id"), claimed.getString("status"),
                        claimed.getOffsetDateTime("occurred_at").toInstant(), claimed.getString("region"),
                        claimed.getString("detail")));
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload is plain data", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
