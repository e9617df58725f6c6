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
    // Registering again keeps the breaker as it is: only a delivery that succeeds closes it, so registering
    // cannot be used to keep a failing endpoint under fire. The secret replaced keeps signing until $5.
    private static final String REGISTER = """
            INSERT INTO webhook_endpoint (partner_id, url, secret, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $4)
            ON CONFLICT (partner_id) DO UPDATE
                SET url = EXCLUDED.url, secret = EXCLUDED.secret, updated_at = EXCLUDED.updated_at,
                    previous_secret = CASE WHEN $5::timestamptz > $4 THEN webhook_endpoint.secret END,
                    previous_secret_until = CASE WHEN $5::timestamptz > $4 THEN $5::timestamptz END
            RETURNING url, created_at, updated_at, (xmax = 0) AS created, previous_secret_until""";
    private static final String READ = """
            SELECT e.url, e.created_at, e.updated_at, e.failures, e.open_until,
                   (SELECT count(*) FROM webhook_delivery d WHERE d.partner_id = e.partner_id
                        AND d.state = 'PENDING') AS pending
            FROM webhook_endpoint e WHERE e.partner_id = $1""";

    private final Pool pool;
    private final GatewayConfig.Webhooks settings;
    private final Clock clock;
    private final DestinationPolicy policy;
    private final SecretCipher secrets;

    WebhookEndpoints(Pool pool, GatewayConfig config, Clock clock) {
        this.pool = pool;
        this.settings = config.gateway().webhooks();
        this.clock = clock;
        this.policy = DestinationPolicy.of(settings);
        this.secrets = new SecretCipher(settings.secretsKey());
    }

    /**
     * Registers the partner's endpoint, or moves it to a new URL, with a new secret either way. Deliveries
     * not yet made go to the new URL, signed with the new secret and, for {@code secret-overlap} unless the
     * partner revokes it, with the secret replaced too. The breaker stays as it was.
     */
    public Uni<Registered> register(UUID partner, String url, boolean revokePrevious) {
        String checked = check(url);
        if (!secrets.ready()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.UNAVAILABLE,
                    "webhooks are not available: this gateway has no key to keep endpoint secrets "
                            + "(rocketexpress.gateway.webhooks.secrets-key)"));
        }
        String secret = WebhookSignature.newSecret();
        OffsetDateTime now = now();
        OffsetDateTime previousUntil = revokePrevious ? now : now.plus(settings.secretOverlap());
        return pool.preparedQuery(REGISTER)
                .execute(Tuple.of(partner, checked, secrets.seal(partner, secret), now, previousUntil))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime until = row.getOffsetDateTime("previous_secret_until");
                    return new Registered(new WebhookView.Registered(row.getString("url"), secret,
                            row.getOffsetDateTime("created_at").toInstant(),
                            row.getOffsetDateTime("updated_at").toInstant(),
                            until == null ? null : until.toInstant()), row.getBoolean("created"));
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
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (!policy.portAllowed(port)) {
            throw ProblemException.invalid("url", "port " + port + " is not open to webhooks; allowed: "
                    + policy.allowedPorts());
        }
        policy.refusal(uri.getHost()).ifPresent(reason -> {
            throw ProblemException.invalid("url", "host " + uri.getHost() + " " + reason
                    + ": deliveries only go to public internet addresses");
        });
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
