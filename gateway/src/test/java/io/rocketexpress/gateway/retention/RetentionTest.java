package io.rocketexpress.gateway.retention;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class RetentionTest {

    @Inject
    Retention retention;

    @Test
    void oldIdempotencyKeysAndEndedDeliveriesGoWhileRecentAndPendingOnesStay() {
        String key = Partners.newPartnerKey();
        List<String> numbers = Bookings.book(key, "outpost-h", 4, 1.0).path("parcels.trackingNumber");
        UUID partner = PastMonths.partnerOf(numbers.get(0));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Db.execute("INSERT INTO idempotency_record (partner_id, idempotency_key, request_hash, created_at)"
                + " VALUES (?1, 'eight-days-old', 'h', ?2), (?1, 'six-days-old', 'h', ?3)", partner,
                now.minusDays(8), now.minusDays(6));
        long delivered31 = delivery(partner, numbers.get(0), "DELIVERED", now.minusDays(31), now.minusDays(31));
        long dead31 = delivery(partner, numbers.get(1), "DEAD", now.minusDays(34), now.minusDays(31));
        long delivered29 = delivery(partner, numbers.get(2), "DELIVERED", now.minusDays(29), now.minusDays(29));
        long pending40 = delivery(partner, numbers.get(3), "PENDING", now.minusDays(40), null);
        Db.execute("INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url, response_status, duration_ms,"
                + " event_recorded_at) SELECT d.id, a.attempt, ?2, 'https://example.com', a.status, 3, d.event_recorded_at"
                + " FROM webhook_delivery d, (VALUES (cast(?1 as bigint), 1, 500), (cast(?1 as bigint), 2, 200),"
                + " (cast(?3 as bigint), 1, 200)) AS a(delivery, attempt, status) WHERE d.id = a.delivery",
                delivered31, now.minusDays(31), delivered29);

        Retention.Retired retired = retire();

        assertThat(retired.idempotencyKeys()).isGreaterThanOrEqualTo(1);
        assertThat(Db.number("SELECT count(*) FROM idempotency_record WHERE partner_id = ?1"
                + " AND idempotency_key IN ('eight-days-old', 'six-days-old')", partner)).isEqualTo(1);
        assertThat(Db.number("SELECT count(*) FROM idempotency_record WHERE idempotency_key = 'six-days-old'"))
                .isEqualTo(1);
        assertThat(Db.number("SELECT count(*) FROM webhook_delivery WHERE id IN (?1, ?2)", delivered31, dead31))
                .isZero();
        assertThat(Db.number("SELECT count(*) FROM webhook_attempt WHERE delivery_id = ?1", delivered31)).isZero();
        assertThat(Db.number("SELECT count(*) FROM webhook_delivery WHERE id IN (?1, ?2)", delivered29, pending40))
                .isEqualTo(2);
        assertThat(Db.number("SELECT count(*) FROM webhook_attempt WHERE delivery_id = ?1", delivered29)).isEqualTo(1);
        // Tracking is kept whatever its age.
        assertThat(Db.number("SELECT count(*) FROM tracking_event WHERE tracking_number = ?1", numbers.get(0)))
                .isEqualTo(1);
    }

    @Test
    void aPastMonthOfEndedDeliveriesIsDroppedWholeWhileItsEventsAndMonthsStillInUseStay() {
        String key = Partners.newPartnerKey();
        List<String> numbers = Bookings.book(key, "outpost-h", 3, 1.0).path("parcels.trackingNumber");
        UUID partner = PastMonths.partnerOf(numbers.get(0));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        YearMonth ended = PastMonths.ago(3);
        YearMonth pending = PastMonths.ago(4);
        YearMonth endedLately = PastMonths.ago(5);
        List.of(ended, pending, endedLately).forEach(PastMonths::create);
        long endedEvent = PastMonths.event(numbers.get(0), ended);
        PastMonths.ended(partner, endedEvent, "DELIVERED", PastMonths.during(ended).plusDays(1));
        long waiting = PastMonths.pending(partner, PastMonths.event(numbers.get(1), pending));
        // Its event is old, but it was sent again and given up only yesterday: the partner sees it for 30 days.
        long lately = PastMonths.ended(partner, PastMonths.event(numbers.get(2), endedLately), "DEAD", now.minusDays(1));

        Retention.Retired retired = retire();

        assertThat(PastMonths.exists(PastMonths.table("webhook_attempt", ended))).isFalse();
        assertThat(PastMonths.exists(PastMonths.table("webhook_delivery", ended))).isFalse();
        // Tracking is kept whatever its age: no tracking retention is set.
        assertThat(PastMonths.exists(PastMonths.table("tracking_event", ended))).isTrue();
        assertThat(Db.number("SELECT count(*) FROM tracking_event WHERE id = ?1", endedEvent)).isEqualTo(1);
        assertThat(PastMonths.monthExists(pending)).isTrue();
        assertThat(Db.number("SELECT count(*) FROM webhook_delivery WHERE id = ?1", waiting)).isEqualTo(1);
        assertThat(PastMonths.monthExists(endedLately)).isTrue();
        assertThat(Db.number("SELECT count(*) FROM webhook_delivery WHERE id = ?1", lately)).isEqualTo(1);
        assertThat(Db.number("SELECT count(*) FROM webhook_attempt WHERE delivery_id = ?1", lately)).isEqualTo(1);
        for (int month = 0; month >= -3; month--) {
            assertThat(PastMonths.monthExists(PastMonths.ago(month))).as("month %s", PastMonths.ago(month)).isTrue();
        }
        assertThat(retired.partitions()).doesNotContain(PastMonths.table("tracking_event", ended));
    }

    private Retention.Retired retire() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> retention.retire());
        } catch (Throwable e) {
            throw new AssertionError("retention failed", e);
        }
    }

    private static long delivery(UUID partner, String trackingNumber, String state, OffsetDateTime created,
                                 OffsetDateTime finished) {
        Db.execute("INSERT INTO webhook_delivery (partner_id, event_id, event_recorded_at, state, attempts, created_at,"
                        + " next_attempt_at, finished_at) SELECT ?1, e.id, e.recorded_at, ?2, 1, ?3, ?3, ?4"
                        + " FROM tracking_event e WHERE e.tracking_number = ?5",
                partner, state, created, finished == null ? created.plusYears(100) : finished, trackingNumber);
        if (finished == null) {
            Db.execute("UPDATE webhook_delivery SET finished_at = NULL WHERE partner_id = ?1 AND state = 'PENDING'",
                    partner);
        }
        return Db.number("SELECT d.id FROM webhook_delivery d JOIN tracking_event e ON e.id = d.event_id"
                + " WHERE e.tracking_number = ?1", trackingNumber);
    }
}
