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
import java.util.List;

/**
 * Retires rows that only ever accumulate, under the configured retention ({@code rocketexpress.retention.*}):
 * Idempotency-Keys after 7 days, and webhook deliveries that ended (delivered, given up, cancelled) with
 * their attempts after 30 days. Rows go in small batches, each its own short transaction, and rows another
 * replica is deleting are skipped, so any number of replicas can run it at once.
 *
 * <p>Tracking events, deliveries and attempts are partitioned by month ({@link Partitions}): each round also
 * makes sure the months ahead exist, and drops a past month whole once none of its deliveries is kept any
 * more, with its tracking events when a tracking retention is set (tracking timelines are kept by default).
 * Dropping a month reclaims what deleting rows leaves to vacuum, and the rows of a month nobody deleted.
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
    private final Partitions partitions;
    private final GatewayConfig.Retention settings;
    private final Clock clock;

    Retention(Pool pool, Partitions partitions, GatewayConfig config, Clock clock) {
        this.pool = pool;
        this.partitions = partitions;
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

    /**
     * Makes sure the months ahead have their partitions, then retires everything past its retention now.
     * Partitions that cannot be created now (their tables stayed busy) do not hold retention up: the months
     * ahead leave time to try again next round. @return how many rows of each kind went, and the tables dropped
     */
    public Uni<Retired> retire() {
        Instant now = clock.instant();
        Instant deliveriesEndedBefore = now.minus(settings.webhookDeliveries());
        return partitions.prepare()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not create the months ahead's partitions, trying again next round: %s",
                            failure.getMessage());
                    return 0;
                })
                .flatMap(created -> drain(IDEMPOTENCY, now.minus(settings.idempotencyKeys()), 0))
                .flatMap(keys -> drain(DELIVERIES, deliveriesEndedBefore, 0)
                        .flatMap(deliveries -> partitions.retire(deliveriesEndedBefore)
                                .map(dropped -> new Retired(keys, deliveries, dropped))));
    }

    private Uni<Long> drain(String statement, Instant before, long sofar) {
        return pool.preparedQuery(statement)
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), settings.batchSize()))
                .flatMap(deleted -> deleted.rowCount() < settings.batchSize()
                        ? Uni.createFrom().item(sofar + deleted.rowCount())
                        : drain(statement, before, sofar + deleted.rowCount()));
    }

    /** What one round retired: rows, and the monthly partitions dropped whole (logged as they go). */
    public record Retired(long idempotencyKeys, long webhookDeliveries, List<String> partitions) {
        boolean any() {
            return idempotencyKeys > 0 || webhookDeliveries > 0;
        }
    }
}
