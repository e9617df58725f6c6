package io.rocketexpress.gateway.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The region's backlogs as gauges, counted in the database every
 * {@code rocketexpress.gateway.metrics.backlog-interval} in one statement, not at each scrape; every replica
 * reports the same numbers:
 * <ul>
 * <li>{@code rocketexpress.waitlist.bookings}: bookings waiting for a flight with room (partial index
 * {@code booking_waitlist});</li>
 * <li>{@code rocketexpress.webhook.pending}: webhook deliveries waiting for their first attempt or a retry
 * (partial index {@code webhook_delivery_due}).</li>
 * </ul>
 * A round that fails keeps the last counts.
 */
@Startup
@ApplicationScoped
public class BacklogGauges {

    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    /** One gauge: its name, what it says, and the count that feeds it. */
    private record Backlog(String name, String description, String count, AtomicLong value) {
    }

    private final Pool pool;
    private final List<Backlog> backlogs = List.of(
            new Backlog("rocketexpress.waitlist.bookings",
                    "Bookings of this region waiting for a flight with room, as last counted",
                    "SELECT count(*) FROM booking WHERE status = 'WAITLISTED'", new AtomicLong()),
            new Backlog("rocketexpress.webhook.pending",
                    "Webhook deliveries waiting for their first attempt or a retry, as last counted",
                    "SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'", new AtomicLong()));
    private final String countAll;

    BacklogGauges(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        backlogs.forEach(backlog -> Gauge.builder(backlog.name(), backlog.value(), AtomicLong::get)
                .description(backlog.description()).register(registry));
        countAll = "SELECT " + String.join(", ", backlogs.stream().map(backlog -> "(" + backlog.count() + ")").toList());
    }

    @Scheduled(every = "${rocketexpress.gateway.metrics.backlog-interval:PT30S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.query(countAll).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    for (int i = 0; i < backlogs.size(); i++) {
                        backlogs.get(i).value().set(row.getLong(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("backlogs not counted, keeping the last counts: %s", failure.getMessage());
                    return null;
                });
    }
}
