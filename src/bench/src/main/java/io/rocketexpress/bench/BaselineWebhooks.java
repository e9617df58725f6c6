package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The baseline's webhook dispatcher, doing what the gateway's does to the same outbox: claim the due
 * deliveries of endpoints whose breaker lets them through (one statement, skipping what another holds), post
 * each, signed, 16 at a time, then record its outcome, its attempt and its endpoint's breaker in one
 * transaction; again at once while batches come back full, else every second.
 */
final class BaselineWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 100;
    private static final int PARALLEL_SENDS = 16;
    private static final String CLAIM = """
            WITH ready AS (
                SELECT e.partner_id, e.url, e.secret, e.open_until IS NOT NULL AS probing
                FROM webhook_endpoint e
                WHERE (e.open_until IS NULL OR e.open_until <= $1)
                  AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.partner_id = e.partner_id
                                AND d.state = 'PENDING' AND d.next_attempt_at <= $1)
                FOR UPDATE OF e SKIP LOCKED
            ), picked AS (
                SELECT due.id, due.event_recorded_at, r.partner_id, r.probing
                FROM ready r CROSS JOIN LATERAL (
                    SELECT d.id, d.event_recorded_at FROM webhook_delivery d
                    WHERE d.partner_id = r.partner_id AND d.state = 'PENDING' AND d.next_attempt_at <= $1
                      AND (d.claimed_until IS NULL OR d.claimed_until <= $1)
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT CASE WHEN r.probing THEN 1 ELSE $2 END
                    FOR UPDATE OF d SKIP LOCKED
                ) due
                LIMIT $2
            ), probing AS (
                UPDATE webhook_endpoint e SET open_until = $3
                FROM picked p WHERE p.probing AND e.partner_id = p.partner_id
            )
            UPDATE webhook_delivery d SET claimed_until = $4
            FROM picked p JOIN ready r ON r.partner_id = p.partner_id, tracking_event t, parcel pa
            WHERE d.id = p.id AND d.event_recorded_at = p.event_recorded_at
              AND t.id = d.event_id AND t.recorded_at = d.event_recorded_at AND pa.tracking_number = t.tracking_number
            RETURNING d.id, d.event_recorded_at, d.attempts, d.created_at, r.url, r.secret, t.id AS event_id,
                      t.tracking_number, t.status, t.occurred_at, t.region, t.detail, pa.booking_id, d.partner_id""";

    private final Vertx vertx;
    private final Pool pool;
    private final HttpClient http;
    private boolean running;

    BaselineWebhooks(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(PARALLEL_SENDS));
        vertx.setPeriodic(1000, tick -> round());
    }

    private void round() {
        if (running) {
            return;
        }
        running = true;
        drain().onComplete(done -> running = false);
    }

    private Future<Void> drain() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(now, (long) BATCH, now.plusMinutes(1), now.plusSeconds(60)))
                .compose(claimed -> {
                    List<Row> rows = new ArrayList<>();
                    claimed.forEach(rows::add);
                    return sendAll(rows, 0).compose(sent -> rows.size() < BATCH ? Future.succeededFuture() : drain());
                });
    }

    /** Sends the rows, {@value #PARALLEL_SENDS} at a time. */
    private Future<Void> sendAll(List<Row> rows, int from) {
        if (from >= rows.size()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> sends = new ArrayList<>();
        for (int i = from; i < Math.min(rows.size(), from + PARALLEL_SENDS); i++) {
            sends.add(send(rows.get(i)));
        }
        return Future.join(sends).transform(done -> sendAll(rows, from + PARALLEL_SENDS));
    }

    private Future<Void> send(Row row) {
        long delivery = row.getLong("id");
        ObjectNode payload = JSON.createObjectNode().put("id", Long.toString(delivery)).put("type", "tracking.event")
                .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
        payload.putObject("data").put("eventId", row.getLong("event_id"))
                .put("trackingNumber", row.getString("tracking_number"))
                .put("bookingId", row.getUUID("booking_id").toString()).put("status", row.getString("status"))
                .put("at", row.getOffsetDateTime("occurred_at").toInstant().toString())
                .put("region", row.getString("region")).put("detail", row.getString("detail"));
        String body = payload.toString();
        long seconds = System.currentTimeMillis() / 1000;
        String signature = "t=" + seconds + ",v1=" + hmac(row.getString("secret"), seconds + "." + body);
        long started = System.nanoTime();
        String url = row.getString("url");
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("RocketExpress-Signature", signature)
                        .putHeader("RocketExpress-Delivery", Long.toString(delivery)))
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> response.statusCode()))
                .compose(status -> record(delivery, row, url, status, (System.nanoTime() - started) / 1_000_000))
                .otherwiseEmpty();
    }

    /** A delivered outcome, its attempt and the endpoint's closed breaker, in one transaction. */
    private Future<Void> record(long delivery, Row row, String url, int status, long millis) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (status < 200 || status >= 300) {
            return Future.failedFuture("endpoint answered " + status);
        }
        OffsetDateTime eventRecorded = row.getOffsetDateTime("event_recorded_at");
        return pool.withTransaction(connection -> connection.preparedQuery("UPDATE webhook_delivery SET state ="
                                + " 'DELIVERED', attempts = attempts + 1, finished_at = $2, claimed_until = NULL"
                                + " WHERE id = $1 AND event_recorded_at = $3 AND state = 'PENDING'")
                        .execute(Tuple.of(delivery, now, eventRecorded))
                        .compose(settled -> connection.preparedQuery("INSERT INTO webhook_attempt (delivery_id,"
                                        + " attempt, attempted_at, url, response_status, error, duration_ms,"
                                        + " event_recorded_at) SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4,"
                                        + " NULL, $5, $6 FROM webhook_attempt WHERE delivery_id = $1"
                                        + " AND event_recorded_at = $6")
                                .execute(Tuple.of(delivery, now, url, status, millis, eventRecorded)))
                        .compose(attempted -> connection.preparedQuery("UPDATE webhook_endpoint SET failures = 0,"
                                + " open_until = NULL WHERE partner_id = $1").execute(Tuple.of(row.getUUID("partner_id")))))
                .mapEmpty();
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
