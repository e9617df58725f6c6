package io.rocketexpress.gateway.retention;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention as short as it gets, with tracking events retired too, and more months kept ready ahead. */
@QuarkusTest
@TestProfile(TrackingRetentionTest.ShortRetention.class)
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class TrackingRetentionTest {

    public static class ShortRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.retention.tracking-events", "PT1S",
                    "rocketexpress.retention.webhook-deliveries", "PT1S",
                    "rocketexpress.retention.months-ahead", "5");
        }
    }

    @Inject
    Retention retention;

    @Test
    void theGatewayStartsWithTheMonthsAheadItIsConfiguredFor() {
        // The migration prepared three months ahead; the gateway's start made the others.
        for (int month = 0; month >= -5; month--) {
            assertThat(PastMonths.monthExists(PastMonths.ago(month))).as("month %s", PastMonths.ago(month)).isTrue();
        }
    }

    @Test
    void pastMonthsGoWithTheirEventsOnceNoDeliveryKeepsThemButThisMonthNeverDoes() throws Throwable {
        String key = Partners.newPartnerKey();
        List<String> numbers = Bookings.book(key, "outpost-t", 3, 1.0).path("parcels.trackingNumber");
        UUID partner = PastMonths.partnerOf(numbers.get(0));
        YearMonth gone = PastMonths.ago(2);
        YearMonth pending = PastMonths.ago(3);
        List.of(gone, pending).forEach(PastMonths::create);
        PastMonths.ended(partner, PastMonths.event(numbers.get(0), gone), "DELIVERED", PastMonths.during(gone));
        long waitingEvent = PastMonths.event(numbers.get(1), pending);
        PastMonths.pending(partner, waitingEvent);
        // This month: its events, and a delivery that ended, whose row retention takes but whose month stays.
        long today = Db.number("SELECT max(id) FROM tracking_event WHERE tracking_number = ?1", numbers.get(2));
        PastMonths.ended(partner, today, "DELIVERED", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));

        Retention.Retired retired = VertxContextSupport.subscribeAndAwait(() -> retention.retire());

        for (String parent : PastMonths.TABLES) {
            assertThat(PastMonths.exists(PastMonths.table(parent, gone))).as(parent).isFalse();
        }
        assertThat(retired.partitions()).containsSubsequence(PastMonths.table("webhook_attempt", gone),
                PastMonths.table("webhook_delivery", gone), PastMonths.table("tracking_event", gone));
        // A pending delivery keeps its month, events included.
        assertThat(PastMonths.monthExists(pending)).isTrue();
        assertThat(Db.number("SELECT count(*) FROM tracking_event WHERE id = ?1", waitingEvent)).isEqualTo(1);
        assertThat(PastMonths.monthExists(PastMonths.ago(0))).isTrue();
        assertThat(Db.number("SELECT count(*) FROM tracking_event WHERE id = ?1", today)).isEqualTo(1);
        assertThat(Bookings.timeline(key, numbers.get(2))).hasSize(1);
    }
}
