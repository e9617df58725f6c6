package io.rocketexpress.gateway.ledger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The one way a parcel's status changes: an event on its timeline, in the caller's transaction, in the
 * order {@link TrackingStatus#canFollow} allows. The database does two more things with every event, in the
 * same transaction (the trigger of migrations V5 and V13): it queues the event for the partner's webhook endpoint (the
 * outbox the webhook dispatcher sends) and notifies live streams once it commits.
 */
@ApplicationScoped
public class TrackingLog {

    private final Clock clock;

    TrackingLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Opens a new parcel's timeline at the given time: sets its status and returns the first event, for the
     * caller to write after the parcel.
     */
    public TrackingEvent start(Parcel parcel, TrackingStatus status, String region, String detail, Instant at) {
        if (!status.canFollow(null)) {
            throw new IllegalArgumentException("a timeline cannot start with " + status);
        }
        return event(parcel, status, region, detail, at);
    }

    /**
     * Writes new events in one statement on the caller's connection, in their order, after their parcels. As
     * for every event, the database's trigger writes each one's webhook outbox rows and notifies live streams
     * (migrations V5 and V13).
     */
    public Uni<Void> insertAll(SqlConnection connection, List<TrackingEvent> events) {
        int size = events.size();
        String[] numbers = new String[size];
        String[] statuses = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        String[] regions = new String[size];
        String[] details = new String[size];
        String[] flights = new String[size];
        for (int i = 0; i < size; i++) {
            TrackingEvent event = events.get(i);
            numbers[i] = event.trackingNumber;
            statuses[i] = event.status.name();
            times[i] = event.occurredAt.atOffset(ZoneOffset.UTC);
            regions[i] = event.region;
            details[i] = event.detail;
            flights[i] = event.flightId;
        }
        return connection.preparedQuery("INSERT INTO tracking_event (tracking_number, status, occurred_at, region,"
                        + " detail, flight_id) SELECT n, s, t, r, d, f FROM unnest($1::text[], $2::text[], $3::timestamptz[],"
                        + " $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(n, s, t, r, d, f, i) ORDER BY i")
                .execute(Tuple.of(numbers, statuses, times, regions, details, flights))
                .replaceWithVoid();
    }

    /**
     * The parcel, when it is the partner's, locked for the caller's transaction, with the region it goes to.
     *
     * @return null when there is no such parcel of the partner's
     */
    public Uni<Owned> owned(UUID partner, String trackingNumber) {
        return Parcel.<Parcel>find("trackingNumber", trackingNumber).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .flatMap(parcel -> parcel == null ? Uni.createFrom().<Owned>nullItem()
                        : Panache.getSession().flatMap(session -> session.createSelectionQuery(
                                        "select b.destination from Booking b where b.id = ?1 and b.partnerId = ?2",
                                        String.class)
                                .setParameter(1, parcel.bookingId).setParameter(2, partner)
                                .getSingleResultOrNull())
                        .map(destination -> destination == null ? null : new Owned(parcel, destination)));
    }

    /** A partner's parcel and the region it goes to. */
    public record Owned(Parcel parcel, String destination) {
    }

    /**
     * Appends the event and makes it the parcel's current status.
     *
     * @throws ProblemException 409 when the status cannot follow the parcel's current one
     */
    public Uni<TrackingEvent> append(Parcel parcel, TrackingStatus status, String region, String detail) {
        return append(parcel, status, region, detail, null);
    }

    /**
     * Appends an event caused by a flight's progress; the database takes each such status once per parcel
     * and flight.
     */
    public Uni<TrackingEvent> append(Parcel parcel, TrackingStatus status, String region, String detail,
                                     String flightId) {
        if (!status.canFollow(parcel.status)) {
            throw new ProblemException(ProblemType.CONFLICT, "parcel " + parcel.trackingNumber + " is "
                    + parcel.status + "; " + status + " cannot follow that");
        }
        TrackingEvent event = event(parcel, status, region, detail, clock.instant());
        event.flightId = flightId;
        return event.persist();
    }

    private TrackingEvent event(Parcel parcel, TrackingStatus status, String region, String detail, Instant now) {
        TrackingEvent event = new TrackingEvent();
        event.trackingNumber = parcel.trackingNumber;
        event.status = status;
        event.occurredAt = now;
        event.region = region;
        event.detail = detail;
        parcel.status = status;
        parcel.updatedAt = now;
        return event;
    }
}
