package io.rocketexpress.gateway.tracking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads a partner's parcels' timelines and takes the last mile's reports on them. */
@ApplicationScoped
public class ParcelTracking {

    /** What a last-mile partner may report. */
    static final Set<TrackingStatus> LAST_MILE = EnumSet.of(
            TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED, TrackingStatus.DELIVERY_FAILED);

    /** The parcel, its booking (the partner's only) and its events, oldest first. */
    private static final String TIMELINE = "SELECT p.status, b.origin, b.destination,"
            + " CASE WHEN b.status = 'CONFIRMED' THEN b.flight_id END AS flight, e.status AS event_status, e.occurred_at, e.region, e.detail"
            + " FROM parcel p JOIN booking b ON b.id = p.booking_id AND b.partner_id = $2"
            + " LEFT JOIN tracking_event e ON e.tracking_number = p.tracking_number"
            + " WHERE p.tracking_number = $1 ORDER BY e.id";

    private final TrackingLog log;
    private final Pool pool;

    ParcelTracking(TrackingLog log, Pool pool) {
        this.log = log;
        this.pool = pool;
    }

    /**
     * The parcel's status and timeline, in one round trip; another partner's parcel is as unknown as a missing
     * one.
     */
    public Uni<TrackingView> track(UUID partner, TrackingNumber number) {
        return pool.preparedQuery(TIMELINE).execute(Tuple.of(number.toString(), partner)).map(rows -> {
            if (rows.size() == 0) {
                throw new ProblemException(ProblemType.NOT_FOUND, "you have no parcel " + number);
            }
            List<TrackingView.Event> events = new ArrayList<>();
            Row first = null;
            for (Row row : rows) {
                first = first == null ? row : first;
                if (row.getString("event_status") != null) {
                    events.add(new TrackingView.Event(row.getString("event_status"),
                            row.getOffsetDateTime("occurred_at").toInstant(), row.getString("region"),
                            row.getString("detail")));
                }
            }
            return new TrackingView(number.toString(), first.getString("status"), first.getString("origin"),
                    first.getString("destination"), first.getString("flight"), events);
        });
    }

    /** Succeeds when the parcel is the partner's; fails like {@link #track} otherwise. */
    public Uni<Void> requireOwned(UUID partner, TrackingNumber number) {
        return pool.preparedQuery("SELECT 1 FROM parcel p JOIN booking b ON b.id = p.booking_id AND b.partner_id = $2"
                        + " WHERE p.tracking_number = $1")
                .execute(Tuple.of(number.toString(), partner))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw new ProblemException(ProblemType.NOT_FOUND, "you have no parcel " + number);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Records a last-mile report, in the order a delivery goes.
     *
     * @throws ProblemException 400 for a status the last mile does not report, 409 out of order
     */
    public Uni<TrackingView> report(UUID partner, TrackingNumber number, LastMileReport report) {
        TrackingStatus status = lastMileStatus(report.status());
        if (status == TrackingStatus.DELIVERED && (report.recipient() == null || report.recipient().isBlank())) {
            throw ProblemException.invalid("recipient", "required for DELIVERED: who took the parcel");
        }
        return Panache.withTransaction(() -> log.owned(partner, number.toString())
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "you have no parcel " + number))
                .flatMap(owned -> log.append(owned.parcel(), status, owned.destination(), detail(status, report))))
                .flatMap(recorded -> track(partner, number));
    }

    private static TrackingStatus lastMileStatus(String status) {
        try {
            TrackingStatus parsed = TrackingStatus.valueOf(status);
            if (LAST_MILE.contains(parsed)) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // Answered below like a status the last mile may not report.
        }
        throw ProblemException.invalid("status", "'" + status + "' is not a last-mile report; report one of "
                + LAST_MILE);
    }

    private static String detail(TrackingStatus status, LastMileReport report) {
        StringBuilder detail = new StringBuilder();
        if (status == TrackingStatus.DELIVERED) {
            detail.append("delivered to ").append(report.recipient().trim());
            if (report.proof() != null && !report.proof().isBlank()) {
                detail.append(" (proof: ").append(report.proof().trim()).append(')');
            }
        }
        if (report.detail() != null && !report.detail().isBlank()) {
            detail.append(detail.isEmpty() ? "" : "; ").append(report.detail().trim());
        }
        return detail.isEmpty() ? null : detail.toString();
    }
}
