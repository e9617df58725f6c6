package io.rocketexpress.gateway.retention;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.Scrape;
import io.rocketexpress.gateway.ledger.Parcel;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class PartitionsTest {

    @Inject
    Partitions partitions;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void upkeepCreatesThisMonthAndTheMonthsAheadOnceWithTheirKeys() {
        YearMonth last = PastMonths.ago(-3);
        Db.execute("DROP TABLE " + String.join(", ", PastMonths.table("webhook_attempt", last),
                PastMonths.table("webhook_delivery", last), PastMonths.table("tracking_event", last)));
        assertThat(PastMonths.monthExists(last)).isFalse();

        assertThat(prepare()).isEqualTo(3);
        assertThat(prepare()).isZero();
        assertThat(Scrape.of(metrics).value("rocketexpress_partitions_months_ahead")).isEqualTo(3);

        for (int month = 0; month >= -3; month--) {
            assertThat(PastMonths.monthExists(PastMonths.ago(month))).as("month %s", PastMonths.ago(month)).isTrue();
        }
        // The month's deliveries may only name the month's events, and its attempts the month's deliveries.
        assertThat(references(PastMonths.table("webhook_delivery", last)))
                .containsExactly(PastMonths.table("tracking_event", last));
        assertThat(references(PastMonths.table("webhook_attempt", last)))
                .containsExactly(PastMonths.table("webhook_delivery", last));
        Partners.newPartnerKey();
        String recorded = "'" + PastMonths.during(last) + "'";
        assertThatThrownBy(() -> Db.execute("INSERT INTO webhook_delivery (partner_id, event_id, event_recorded_at, state,"
                + " created_at, next_attempt_at) SELECT id, 1, " + recorded + ", 'PENDING', now(), now() FROM partner LIMIT 1"))
                .hasStackTraceContaining(PastMonths.table("webhook_delivery", last) + "_event");
    }

    @Test
    void upkeepFromManyReplicasAtOnceCreatesEachMonthOnce() throws Throwable {
        YearMonth last = PastMonths.ago(-3);
        Db.execute("DROP TABLE " + String.join(", ", PastMonths.table("webhook_attempt", last),
                PastMonths.table("webhook_delivery", last), PastMonths.table("tracking_event", last)));

        List<Integer> created = VertxContextSupport.subscribeAndAwait(() -> Uni.join()
                .all(List.of(partitions.prepare(), partitions.prepare(), partitions.prepare(), partitions.prepare()))
                .andFailFast());

        assertThat(created.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
        assertThat(PastMonths.monthExists(last)).isTrue();
    }

    private int prepare() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> partitions.prepare());
        } catch (Throwable e) {
            throw new AssertionError("partition upkeep failed", e);
        }
    }

    private static List<String> references(String table) {
        return Db.read(() -> Parcel.getSession().flatMap(session -> session
                .createNativeQuery("SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                        + " AND conrelid = to_regclass(?1) AND confrelid <> 'partner'::regclass", String.class)
                .setParameter(1, table).getResultList()));
    }
}
