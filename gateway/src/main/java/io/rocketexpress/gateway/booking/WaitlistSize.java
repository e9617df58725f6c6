package io.rocketexpress.gateway.booking;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The region's waitlist as a gauge: bookings waiting for a flight with room. Counted in the database every
 * {@code rocketexpress.gateway.metrics.backlog-interval}, not at each scrape; every replica reports the same
 * number.
 */
@Startup
@ApplicationScoped
public class WaitlistSize {

    private static final Logger LOG = Logger.getLogger(WaitlistSize.class);
    // Served by the partial index booking_waitlist.
    private static final String COUNT = "SELECT count(*) FROM booking WHERE status = 'WAITLISTED'";

    private final Pool pool;
    private final AtomicLong waiting = new AtomicLong();

    WaitlistSize(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("rocketexpress.waitlist.bookings", waiting, AtomicLong::get)
                .description("Bookings of this region waiting for a flight with room, as last counted")
                .register(registry);
    }

    @Scheduled(every = "${rocketexpress.gateway.metrics.backlog-interval:PT30S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.query(COUNT).execute()
                .invoke(rows -> waiting.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("waitlist not counted, keeping the last count: %s", failure.getMessage());
                    return null;
                });
    }
}
