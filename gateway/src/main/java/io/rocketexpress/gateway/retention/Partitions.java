package io.rocketexpress.gateway.retention;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the monthly partitions of {@code tracking_event}, {@code webhook_delivery} and {@code webhook_attempt}
 * (migration V13): months ahead are created before anything is written in them, and months past retention are
 * dropped whole.
 *
 * <p>Partitions follow the database's clock, not the gateway's: an event's month is the database's {@code now()}
 * when it was written ({@code recorded_at}), whatever {@link java.time.Clock} the gateway runs on, so months are
 * created, and judged old, by the database's time. Only whether a month still holds a delivery that ended
 * recently is judged by the gateway's clock, the one that wrote {@code finished_at}.
 *
 * <p>Any number of replicas may do this at once: they take turns on an advisory lock, creating a month is a
 * no-op when it exists, and a replica that finds another dropping leaves it to that one. Creating a month locks
 * its tables' parents exclusively for a moment, and dropping one locks all three; either waits at most the
 * configured lock timeout, so requests never queue long behind it, and is tried again next round.
 */
@ApplicationScoped
public class Partitions {

    private static final Logger LOG = Logger.getLogger(Partitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
    // In the order events, their deliveries and their attempts are written.
    private static final String LOCK = "LOCK TABLE ONLY tracking_event, ONLY webhook_delivery, ONLY webhook_attempt"
            + " IN ACCESS EXCLUSIVE MODE";

    /** This month (by the database's clock, in UTC) and $1 months ahead. */
    private static final String PREPARE = """
            SELECT coalesce(sum(create_month_partitions(
                (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => ahead))::date)), 0) AS created
            FROM generate_series(0, $1) AS ahead""";
    /**
     * The past months that have partitions and are past the deliveries' retention ($1 seconds), with their
     * tables and whether each is past the events' too ($2 seconds, null for never), counted from the month's end;
     * which of their tables are left to drop is {@link Month#droppable()}'s. The current month and later ones are
     * never listed, whatever the retention.
     */
    private static final String MONTHS = """
            WITH months AS (
                SELECT to_date(right(c.relname, 7), 'YYYY_MM') AS month, array_agg(c.relname::text) AS tables
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE i.inhparent IN ('tracking_event'::regclass, 'webhook_delivery'::regclass, 'webhook_attempt'::regclass)
                  AND c.relname ~ '_[0-9]{4}_[0-9]{2}$' AND c.relname = p.relname || right(c.relname, 8)
                GROUP BY 1
            ), aged AS (
                SELECT month, tables,
                       month + interval '1 month' <= (now() - make_interval(secs => $1)) AT TIME ZONE 'UTC' AS webhooks_due,
                       $2::float8 IS NOT NULL
                           AND month + interval '1 month' <= (now() - make_interval(secs => $2::float8)) AT TIME ZONE 'UTC'
                           AS events_due
                FROM months
                WHERE month + interval '1 month' <= date_trunc('month', now() AT TIME ZONE 'UTC')
            )
            SELECT month, tables, webhooks_due, webhooks_due AND events_due AS events_due FROM aged
            WHERE webhooks_due
            ORDER BY month""";

    /** Whether the month from $1 to $2 has a delivery pending, or ended at $3 or later (pruned to its partition). */
    private static final String KEPT = """
            SELECT EXISTS (SELECT 1 FROM webhook_delivery
                           WHERE event_recorded_at >= $1 AND event_recorded_at < $2
                             AND (state = 'PENDING' OR finished_at >= $3)) AS kept""";

    /**
     * How many months after the current one have all their partitions, up to 36; -1 when the current month
     * lacks one. Only consecutive months count: the first month missing ends them.
     */
    private static final String READY = """
            SELECT coalesce(min(ahead), 37) - 1 AS ready
            FROM generate_series(0, 36) AS ahead
            WHERE (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent IN ('tracking_event'::regclass, 'webhook_delivery'::regclass, 'webhook_attempt'::regclass)
                     AND c.relname = ANY (SELECT parent || to_char(date_trunc('month', now() AT TIME ZONE 'UTC')
                                                                   + make_interval(months => ahead), '_YYYY_MM')
                                          FROM unnest(ARRAY['tracking_event', 'webhook_delivery', 'webhook_attempt'])
                                              AS parent)) < 3""";

    private final Pool pool;
    private final GatewayConfig.Retention settings;
    private final AtomicLong monthsReady = new AtomicLong(-1);

    Partitions(Pool pool, GatewayConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.settings = config.retention();
        // An alert on it staying below 1 hears of failing upkeep months before an event cannot be written.
        Gauge.builder("rocketexpress.partitions.months.ahead", monthsReady, AtomicLong::get)
                .description("Months after the current one whose partitions are ready, as last counted (-1: not even"
                        + " the current month's)")
                .register(metrics);
    }

    /**
     * Before the gateway serves anything, the months it may write in exist: a gateway that cannot have them
     * does not start.
     */
    void prepareAtStart(@Observes StartupEvent start) {
        int created = prepare()
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(5)).atMost(5)
                .await().atMost(Duration.ofMinutes(2));
        if (created > 0) {
            LOG.infof("created %d monthly partitions of tracking events, webhook deliveries and attempts", created);
        }
    }

    /**
     * Makes sure this month and the configured months ahead have their partitions. @return how many tables it
     * created (zero when they all existed)
     */
    public Uni<Integer> prepare() {
        return pool.withTransaction(connection -> lockTimeout(connection)
                        .flatMap(ignored -> connection.preparedQuery(PREPARE).execute(Tuple.of(settings.monthsAhead())))
                        .map(rows -> rows.iterator().next().getLong("created").intValue()))
                // Counted whether or not this went through: the gauge tells how much time is left.
                .onItemOrFailure().call((created, failure) -> pool.query(READY).execute()
                        .invoke(rows -> monthsReady.set(rows.iterator().next().getLong("ready")))
                        .onFailure().recoverWithNull());
    }

    /**
     * Drops the months past retention, oldest first: a month's attempts and deliveries once the month ended
     * the deliveries' retention ago and none of them is pending or ended more recently than
     * {@code deliveriesEndedBefore}; and its events too once it ended the events' retention ago (when one is
     * set), never before its deliveries may go. @return the tables dropped
     */
    public Uni<List<String>> retire(Instant deliveriesEndedBefore) {
        Double events = settings.trackingEvents().map(Partitions::seconds).orElse(null);
        return pool.preparedQuery(MONTHS)
                .execute(Tuple.of(seconds(settings.webhookDeliveries()), events))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(Month::of)
                .onItem().transformToUniAndConcatenate(month -> retire(month, utc(deliveriesEndedBefore)))
                .collect().in(ArrayList<String>::new, List::addAll)
                .map(List::copyOf);
    }

    private Uni<List<String>> retire(Month month, OffsetDateTime endedBefore) {
        List<String> drop = month.droppable();
        if (drop.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Looked at first without a lock: a month that must stay costs no lock, every round until it may go.
        return kept(pool, month, endedBefore).flatMap(kept -> kept ? Uni.createFrom().item(List.<String>of())
                : pool.withTransaction(connection -> dropLocked(connection, month, drop, endedBefore)))
                .invoke(dropped -> {
                    if (!dropped.isEmpty()) {
                        LOG.infof("retention dropped the partitions of %s, past retention: %s",
                                YearMonth.from(month.first()), String.join(", ", dropped));
                    }
                });
    }

    private Uni<List<String>> dropLocked(SqlConnection connection, Month month, List<String> drop,
                                         OffsetDateTime endedBefore) {
        return connection.query("SELECT pg_try_advisory_xact_lock(hashtext('rocketexpress partitions')) AS mine")
                .execute()
                .flatMap(lock -> !lock.iterator().next().getBoolean("mine")
                        // Another replica is creating or dropping partitions; whatever is left, next round.
                        ? Uni.createFrom().item(List.<String>of())
                        : lockTimeout(connection)
                                // All three parents first, as every query takes a parent before its months: the
                                // drop then waits for nobody. Dropping a month's deliveries locks its events too.
                                .flatMap(ignored -> connection.query(LOCK).execute())
                                // Looked at again under the lock: a delivery may have been sent again meanwhile.
                                .flatMap(ignored -> kept(connection, month, endedBefore))
                                .flatMap(kept -> kept ? Uni.createFrom().item(List.<String>of())
                                        : connection.query("DROP TABLE " + String.join(", ", drop.stream()
                                                        .map(name -> '"' + name + '"').toList())).execute()
                                                .replaceWith(drop)));
    }

    /** Whether the month still holds a delivery that is pending or ended after the deliveries' retention began. */
    private static Uni<Boolean> kept(SqlClient client, Month month, OffsetDateTime endedBefore) {
        OffsetDateTime first = month.first().atStartOfDay().atOffset(ZoneOffset.UTC);
        return client.preparedQuery(KEPT)
                .execute(Tuple.of(first, first.plusMonths(1), endedBefore))
                .map(rows -> rows.iterator().next().getBoolean("kept"));
    }

    private Uni<?> lockTimeout(SqlConnection connection) {
        return connection.preparedQuery("SELECT set_config('lock_timeout', $1, true)")
                .execute(Tuple.of(Math.max(1, settings.lockTimeout().toMillis()) + "ms"));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A past month's partitions, and which of its tables are past retention. */
    private record Month(LocalDate first, List<String> tables, boolean webhooksDue, boolean eventsDue) {

        static Month of(Row row) {
            return new Month(row.getLocalDate("month"), Arrays.asList(row.getArrayOfStrings("tables")),
                    row.getBoolean("webhooks_due"), row.getBoolean("events_due"));
        }

        String table(String parent) {
            return parent + "_" + first.format(SUFFIX);
        }

        /** Its existing tables to drop, each after those referencing it. */
        List<String> droppable() {
            List<String> drop = new ArrayList<>();
            for (String parent : List.of("webhook_attempt", "webhook_delivery", "tracking_event")) {
                boolean due = parent.equals("tracking_event") ? eventsDue : webhooksDue;
                if (due && tables.contains(table(parent))) {
                    drop.add(table(parent));
                }
            }
            return drop;
        }
    }
}
