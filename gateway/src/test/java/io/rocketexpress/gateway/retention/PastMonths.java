package io.rocketexpress.gateway.retention;

import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.ledger.Parcel;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Tracking events, webhook deliveries and attempts of past months, written straight into the months' partitions
 * as the gateway would have written them then (the database records an event's time itself, so no request can).
 */
final class PastMonths {

    static final List<String> TABLES = List.of("tracking_event", "webhook_delivery", "webhook_attempt");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

    private PastMonths() {
    }

    /** The month this many months before the current one (UTC); negative for months ahead. */
    static YearMonth ago(int months) {
        return YearMonth.now(ZoneOffset.UTC).minusMonths(months);
    }

    static String table(String parent, YearMonth month) {
        return parent + "_" + month.format(SUFFIX);
    }

    /** Whether the table exists (the partitions live in the gateway's one schema). */
    static boolean exists(String table) {
        return Db.number("SELECT count(*) FROM pg_class WHERE relname = ?1", table) == 1;
    }

    /** Whether all three tables of the month exist. */
    static boolean monthExists(YearMonth month) {
        return TABLES.stream().allMatch(parent -> exists(table(parent, month)));
    }

    /** Creates the month's partitions, as the upkeep did back then. */
    static void create(YearMonth month) {
        Db.number("SELECT create_month_partitions(?1)::bigint", month.atDay(1));
    }

    /** A time on the month's second day. */
    static OffsetDateTime during(YearMonth month) {
        return month.atDay(2).atTime(10, 0).atOffset(ZoneOffset.UTC);
    }

    static UUID partnerOf(String trackingNumber) {
        return UUID.fromString(Db.read(() -> Parcel.getSession()
                .flatMap(session -> session.createNativeQuery("SELECT b.partner_id::text FROM parcel p"
                                + " JOIN booking b ON b.id = p.booking_id WHERE p.tracking_number = ?1", String.class)
                        .setParameter(1, trackingNumber).getSingleResult())));
    }

    /** An event of the parcel recorded during the month; @return its id */
    static long event(String trackingNumber, YearMonth month) {
        Db.execute("INSERT INTO tracking_event (tracking_number, status, occurred_at, region, recorded_at)"
                + " VALUES (?1, 'LANDED', ?2, 'hangzhou', ?2)", trackingNumber, during(month));
        return Db.number("SELECT max(id) FROM tracking_event WHERE tracking_number = ?1 AND recorded_at = ?2",
                trackingNumber, during(month));
    }

    /** A delivery of the event that ended at the given time, with one attempt; @return its id */
    static long ended(UUID partner, long event, String state, OffsetDateTime finished) {
        Db.execute("INSERT INTO webhook_delivery (partner_id, event_id, event_recorded_at, state, attempts, created_at,"
                + " next_attempt_at, finished_at) SELECT ?1, id, recorded_at, ?2, 1, recorded_at, recorded_at, ?3"
                + " FROM tracking_event WHERE id = ?4", partner, state, finished, event);
        long delivery = delivery(partner, event);
        Db.execute("INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url, response_status, duration_ms,"
                + " event_recorded_at) SELECT id, 1, created_at, 'https://example.com', 200, 3, event_recorded_at"
                + " FROM webhook_delivery WHERE id = ?1", delivery);
        return delivery;
    }

    /** A delivery of the event still waiting for its next attempt; @return its id */
    static long pending(UUID partner, long event) {
        Db.execute("INSERT INTO webhook_delivery (partner_id, event_id, event_recorded_at, state, attempts, created_at,"
                + " next_attempt_at) SELECT ?1, id, recorded_at, 'PENDING', 1, recorded_at, now() + interval '1 hour'"
                + " FROM tracking_event WHERE id = ?2", partner, event);
        return delivery(partner, event);
    }

    private static long delivery(UUID partner, long event) {
        return Db.number("SELECT id FROM webhook_delivery WHERE partner_id = ?1 AND event_id = ?2", partner, event);
    }
}
