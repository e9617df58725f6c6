package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Partners' webhook endpoints: one per partner, registered, read and removed by the partner. */
@ApplicationScoped
public class WebhookEndpoints {

    // A row the upsert inserted has no deleting transaction yet (xmax = 0); one it updated has: the answer is
    // 201 or 200 from one statement, with no read beforehand that a concurrent registration could outdate.
    private static final String REGISTER = """
            INSERT INTO webhook_endpoint (partner_id, url, secret, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $4)
            ON CONFLICT (partner_id) DO UPDATE
                SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at,
                    failures = 0, open_until = NULL
            RETURNING url, created_at, updated_at, (xmax = 0) AS created""";
    private static final String READ = """
            SELECT e.url, e.created_at, e.updated_at, e.failures, e.open_until,
                   (SELECT count(*) FROM webhook_delivery d WHERE d.partner_id = e.partner_id
                        AND d.state = 'PENDING') AS pending
            FROM webhook_endpoint e WHERE e.partner_id = $1""";

    private final Pool pool;
    private final GatewayConfig.Webhooks settings;
    private final Clock clock;

    WebhookEndpoints(Pool pool, GatewayConfig config, Clock clock) {
        this.pool = pool;
        this.settings = config.gateway().webhooks();
        this.clock = clock;
    }

    /**
     * Registers the partner's endpoint, or moves it to a new URL, with a new secret either way. Deliveries
     * not yet made go to the new URL, signed with the new secret; the breaker starts closed.
     */
    public Uni<Registered> register(UUID partner, String url) {
        String checked = check(url);
        String secret = WebhookSignature.newSecret();
        return pool.preparedQuery(REGISTER).execute(Tuple.of(partner, checked, secret, now()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Registered(new WebhookView.Registered(row.getString("url"), secret,
                            row.getOffsetDateTime("created_at").toInstant(),
                            row.getOffsetDateTime("updated_at").toInstant()), row.getBoolean("created"));
                });
    }

    /** The partner's endpoint and how deliveries to it fare. */
    public Uni<WebhookView> read(UUID partner) {
        return pool.preparedQuery(READ).execute(Tuple.of(partner)).map(rows -> {
            if (rows.size() == 0) {
                throw notRegistered();
            }
            Row row = rows.iterator().next();
            OffsetDateTime openUntil = row.getOffsetDateTime("open_until");
            Breaker breaker = Breaker.of(openUntil, now());
            return new WebhookView(row.getString("url"), row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("updated_at").toInstant(), breaker.name(), row.getInteger("failures"),
                    breaker == Breaker.OPEN ? openUntil.toInstant() : null, row.getLong("pending"));
        });
    }

    /** Removes the endpoint; deliveries not yet made are cancelled, the log stays. */
    public Uni<Void> remove(UUID partner) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM webhook_endpoint WHERE partner_id = $1").execute(Tuple.of(partner))
                .flatMap(deleted -> {
                    if (deleted.rowCount() == 0) {
                        throw notRegistered();
                    }
                    return connection.preparedQuery("""
                                    UPDATE webhook_delivery SET state = 'CANCELLED', finished_at = $2, claimed_until = NULL
                                    WHERE partner_id = $1 AND state = 'PENDING'""")
                            .execute(Tuple.of(partner, now()));
                })
                .replaceWithVoid());
    }

    private String check(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean allowed = scheme.equals("https") || (scheme.equals("http") && settings.allowHttp());
        if (!allowed) {
            throw ProblemException.invalid("url", "must be an https:// URL: deliveries carry your parcels' journeys");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.invalid("url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry credentials; verify the signature instead");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not have a fragment (#...)");
        }
        return uri.toString();
    }

    private static ProblemException notRegistered() {
        return new ProblemException(ProblemType.NOT_FOUND,
                "you have no webhook endpoint; register one with PUT /v1/webhook");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A registration's answer, and whether it created the endpoint (rather than replaced it). */
    public record Registered(WebhookView.Registered view, boolean created) {
    }

    /** The endpoint's circuit breaker as a partner sees it. */
    enum Breaker {
        CLOSED, OPEN, HALF_OPEN;

        static Breaker of(OffsetDateTime openUntil, OffsetDateTime now) {
            if (openUntil == null) {
                return CLOSED;
            }
            return openUntil.isAfter(now) ? OPEN : HALF_OPEN;
        }
    }
}
