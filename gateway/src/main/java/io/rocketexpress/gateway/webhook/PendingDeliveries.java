package io.rocketexpress.gateway.webhook;

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
 * The webhook outbox's backlog as a gauge: deliveries not yet delivered, dead or cancelled (waiting for their
 * first attempt or for a retry). Counted in the database every {@code rocketexpress.gateway.metrics.backlog-interval},
 * not at each scrape; every replica reports the same number.
 */
@Startup
@ApplicationScoped
public class PendingDeliveries {

    private static final Logger LOG = Logger.getLogger(PendingDeliveries.class);
    // Served by the partial index webhook_delivery_due.
    private static final String COUNT = "SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'";

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();

    PendingDeliveries(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("rocketexpress.webhook.pending", pending, AtomicLong::get)
                .description("Webhook deliveries waiting for their first attempt or a retry, as last counted")
                .register(registry);
    }

    @Scheduled(every = "${rocketexpress.gateway.metrics.backlog-interval:PT30S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.query(COUNT).execute()
                .invoke(rows -> pending.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("webhook outbox not counted, keeping the last count: %s", failure.getMessage());
                    return null;
                });
    }
}
