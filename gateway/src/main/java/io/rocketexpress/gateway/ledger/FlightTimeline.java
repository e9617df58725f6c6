package io.rocketexpress.gateway.ledger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Records a step of a flight (manifested, loaded, launched, ...) on the timeline of every parcel aboard, in
 * one statement inside the caller's transaction. The parcels are locked while read, so two replicas
 * recording the same step queue up and the second finds nothing left to do; the database refuses a second
 * event of a status per parcel and flight even so (trigger {@code tracking_event_once_per_flight}, V13).
 */
@ApplicationScoped
public class FlightTimeline {

    private static final String RECORD = """
            WITH aboard AS (
                SELECT p.tracking_number FROM parcel p JOIN booking b ON b.id = p.booking_id
                WHERE b.flight_id = ?1 AND b.status = 'CONFIRMED' AND p.status IN (?2)
                ORDER BY p.tracking_number
                FOR UPDATE OF p
            ), recorded AS (
                INSERT INTO tracking_event (tracking_number, status, occurred_at, region, detail, flight_id)
                SELECT tracking_number, ?3, ?4, ?5, ?6, ?1 FROM aboard
                RETURNING tracking_number
            )
            UPDATE parcel SET status = ?3, updated_at = ?7
            WHERE tracking_number IN (SELECT tracking_number FROM recorded)""";

    private final Clock clock;

    FlightTimeline(Clock clock) {
        this.clock = clock;
    }

    /**
     * Gives every parcel on the flight whose status allows it the new status.
     *
     * @param occurredAt when it happened (a liftoff time from the cluster, say), not when it was noticed
     * @return how many parcels got it now
     */
    public Uni<Integer> record(String flightId, TrackingStatus status, Instant occurredAt, String region,
                               String detail) {
        List<String> previous = Arrays.stream(TrackingStatus.values()).filter(status::canFollow).map(Enum::name).toList();
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD)
                .setParameter(1, flightId)
                .setParameter(2, previous)
                .setParameter(3, status.name())
                .setParameter(4, occurredAt)
                .setParameter(5, region)
                .setParameter(6, detail)
                .setParameter(7, clock.instant())
                .executeUpdate());
    }
}
