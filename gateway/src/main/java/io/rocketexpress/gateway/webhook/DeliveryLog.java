package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A partner's webhook deliveries and their attempts, newest first. */
@ApplicationScoped
public class DeliveryLog {

    /** The states a delivery can be in. */
    enum State { PENDING, DELIVERED, DEAD, CANCELLED }

    private static final Set<State> ALL = EnumSet.allOf(State.class);

    private static final String PAGE = """
            SELECT d.id, d.event_id, t.tracking_number, t.status, d.state, d.created_at, d.next_attempt_at,
                   d.finished_at
            FROM webhook_delivery d JOIN tracking_event t ON t.id = d.event_id AND t.recorded_at = d.event_recorded_at
            WHERE d.partner_id = $1 AND d.id < $2 AND d.state = ANY($3) AND ($4::text IS NULL OR t.tracking_number = $4)
            ORDER BY d.id DESC
            LIMIT $5""";
    private static final String ONE = """
            SELECT d.id, d.event_id, t.tracking_number, t.status, d.state, d.created_at, d.next_attempt_at,
                   d.finished_at
            FROM webhook_delivery d JOIN tracking_event t ON t.id = d.event_id AND t.recorded_at = d.event_recorded_at
            WHERE d.partner_id = $1 AND d.id = $2""";
    private static final String ATTEMPTS = """
            SELECT delivery_id, attempt, attempted_at, url, response_status, error, duration_ms
            FROM webhook_attempt WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt""";

    private static final String REPLAY = """
            UPDATE webhook_delivery d SET state = 'PENDING', next_attempt_at = $3, replayed_at = $3,
                finished_at = NULL, claimed_until = NULL
            WHERE d.id = $1 AND d.partner_id = $2 AND d.state = 'DEAD'
              AND EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.partner_id = d.partner_id)
            RETURNING d.id""";
    private static final String STATE = "SELECT state FROM webhook_delivery WHERE id = $1 AND partner_id = $2";

    private final Pool pool;
    private final Clock clock;

    DeliveryLog(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Sends a given-up delivery again, from now on, under the usual retries and give-up time.
     *
     * @throws ProblemException 404 for no delivery of the partner's, 409 for one not DEAD or with no endpoint
     */
    public Uni<DeliveryView> replay(UUID partner, String id) {
        long delivery = decode("id", id);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.preparedQuery(REPLAY).execute(Tuple.of(delivery, partner, now)).flatMap(replayed -> {
            if (replayed.size() == 1) {
                return one(partner, delivery);
            }
            return pool.preparedQuery(STATE).execute(Tuple.of(delivery, partner)).map(rows -> {
                if (rows.size() == 0) {
                    throw new ProblemException(ProblemType.NOT_FOUND, "you have no webhook delivery " + id);
                }
                String state = rows.iterator().next().getString("state");
                throw new ProblemException(ProblemType.CONFLICT, State.DEAD.name().equals(state)
                        ? "you have no webhook endpoint to send delivery " + id + " to; register one with PUT /v1/webhook"
                        : "delivery " + id + " is " + state + "; only a DEAD delivery is sent again");
            });
        });
    }

    private Uni<DeliveryView> one(UUID partner, long delivery) {
        return pool.preparedQuery(ONE).execute(Tuple.of(partner, delivery)).flatMap(rows -> {
            Row row = rows.iterator().next();
            return attempts(new Long[] {delivery}).map(attempts -> view(row, attempts.getOrDefault(delivery, List.of())));
        });
    }

    public Uni<DeliveryView.Page> page(UUID partner, String state, String trackingNumber, String cursor, int limit) {
        String[] states = states(state);
        String number = trackingNumber == null || trackingNumber.isBlank() ? null : normalized(trackingNumber);
        long before = cursor == null ? Long.MAX_VALUE : decode("cursor", cursor);
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(partner, before, states, number, (long) limit + 1))
                .flatMap(rows -> {
                    List<Row> found = new ArrayList<>();
                    rows.forEach(found::add);
                    List<Row> page = found.subList(0, Math.min(limit, found.size()));
                    Long[] ids = page.stream().map(row -> row.getLong("id")).toArray(Long[]::new);
                    String next = found.size() > limit ? Long.toString(ids[ids.length - 1]) : null;
                    return attempts(ids).map(attempts -> new DeliveryView.Page(page.stream()
                            .map(row -> view(row, attempts.getOrDefault(row.getLong("id"), List.of()))).toList(), next));
                });
    }

    private Uni<Map<Long, List<DeliveryView.Attempt>>> attempts(Long[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(ATTEMPTS).execute(Tuple.of(ids)).map(rows -> {
            Map<Long, List<DeliveryView.Attempt>> byDelivery = new HashMap<>();
            for (Row row : rows) {
                byDelivery.computeIfAbsent(row.getLong("delivery_id"), id -> new ArrayList<>())
                        .add(new DeliveryView.Attempt(row.getInteger("attempt"), instant(row.getOffsetDateTime("attempted_at")),
                                row.getString("url"), row.getInteger("response_status"), row.getString("error"),
                                row.getLong("duration_ms")));
            }
            return byDelivery;
        });
    }

    private static DeliveryView view(Row row, List<DeliveryView.Attempt> attempts) {
        String state = row.getString("state");
        return new DeliveryView(Long.toString(row.getLong("id")), row.getLong("event_id"),
                row.getString("tracking_number"), row.getString("status"), state,
                instant(row.getOffsetDateTime("created_at")),
                State.PENDING.name().equals(state) ? instant(row.getOffsetDateTime("next_attempt_at")) : null,
                instant(row.getOffsetDateTime("finished_at")), attempts);
    }

    private static String[] states(String state) {
        if (state == null || state.isBlank()) {
            return ALL.stream().map(Enum::name).toArray(String[]::new);
        }
        try {
            return new String[] {State.valueOf(state.trim()).name()};
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("state", "'" + state + "' is not a delivery state; states are " + ALL);
        }
    }

    private static String normalized(String trackingNumber) {
        try {
            return TrackingNumber.parse(trackingNumber).toString();
        } catch (InvalidTrackingNumberException e) {
            throw new ProblemException(ProblemType.INVALID_TRACKING_NUMBER, e.getMessage());
        }
    }

    private static long decode(String field, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw ProblemException.invalid(field, "cursor".equals(field)
                ? "not a cursor from a previous page; pass the nextCursor of the last answer unchanged"
                : "'" + value + "' is not a delivery id");
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
