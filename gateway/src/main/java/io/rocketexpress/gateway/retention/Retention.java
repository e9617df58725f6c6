package io.rocketexpress.gateway.retention;

import io.quarkus.scheduler.Scheduled;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Retires rows that only ever accumulate, under the configured retention ({@code rocketexpress.retention.*}):
 * Idempotency-Keys after 7 days, and webhook deliveries that ended (delivered, given up, cancelled) with
 * their attempts after 30 days. Tracking timelines are kept. Rows go in small batches, each its own short
 * transaction, and rows another replica is deleting are skipped, so any number of replicas can run it at once.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private static final String IDEMPOTENCY = """
            DELETE FROM idempotency_record WHERE ctid IN (
                SELECT ctid FROM idempotency_record WHERE created_at < $1
                ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";
    // Rows are named by their whole key, partition key included, so each goes to its month's index alone.
    private static final String DELIVERIES = """
            WITH ended AS (
                SELECT id, event_recorded_at FROM webhook_delivery WHERE state <> 'PENDING' AND finished_at < $1
                ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED),
            attempts AS (DELETE FROM webhook_attempt
                         WHERE (delivery_id, event_recorded_at) IN (SELECT id, event_recorded_at FROM ended))
            DELETE FROM webhook_delivery WHERE (id, event_recorded_at) IN (SELECT id, event_recorded_at FROM ended)""";

    private final Pool pool;
    private final GatewayConfig.Retention settings;
    private final Clock clock;

    Retention(Pool pool, GatewayConfig config, Clock clock) {
        this.pool = pool;
        this.settings = config.retention();
        this.clock = clock;
    }

    @Scheduled(every = "${rocketexpress.retention.interval:PT1H}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> round() {
        return retire().invoke(retired -> {
            if (retired.any()) {
                LOG.infof("retention retired %d Idempotency-Keys and %d finished webhook deliveries",
                        retired.idempotencyKeys(), retired.webhookDeliveries());
            }
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("retention round failed, trying again next round: %s", failure.getMessage());
            return null;
        }).replaceWithVoid();
    }

    /** Retires everything past its retention now; @return how many rows of each kind went */
    public Uni<Retired> retire() {
        Instant now = clock.instant();
        return drain(IDEMPOTENCY, now.minus(settings.idempotencyKeys()), 0)
                .flatMap(keys -> drain(DELIVERIES, now.minus(settings.webhookDeliveries()), 0)
                        .map(deliveries -> new Retired(keys, deliveries)));
    }

    private Uni<Long> drain(String statement, Instant before, long sofar) {
        return pool.preparedQuery(statement)
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), settings.batchSize()))
                .flatMap(deleted -> deleted.rowCount() < settings.batchSize()
                        ? Uni.createFrom().item(sofar + deleted.rowCount())
                        : drain(statement, before, sofar + deleted.rowCount()));
    }

    /** What one round retired. */
    public record Retired(long idempotencyKeys, long webhookDeliveries) {
        boolean any() {
            return idempotencyKeys > 0 || webhookDeliveries > 0;
        }
    }
}
