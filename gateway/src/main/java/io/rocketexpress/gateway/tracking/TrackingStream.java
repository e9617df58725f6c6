package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.rocketexpress.gateway.common.DatabaseNotifications;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A parcel's timeline as it happens: the events after a given one, then each new event once it commits,
 * until the parcel's journey ends. Between events, a heartbeat keeps idle connections (and proxies) open.
 */
@ApplicationScoped
public class TrackingStream {

    private static final String AFTER = """
            SELECT id, status, occurred_at, region, detail FROM tracking_event
            WHERE tracking_number = $1 AND id > $2 ORDER BY id""";

    private final Pool pool;
    private final DatabaseNotifications notifications;
    private final GatewayConfig config;

    TrackingStream(Pool pool, DatabaseNotifications notifications, GatewayConfig config) {
        this.pool = pool;
        this.notifications = notifications;
        this.config = config;
    }

    /** What a live stream carries. */
    public sealed interface Item {
    }

    /** An event of the timeline and its id, which a client resumes after. */
    public record Event(long id, TrackingView.Event event) implements Item {
    }

    /** Nothing happened for a while. */
    public record Heartbeat() implements Item {
    }

    /** The journey is over (delivered, cancelled or lost): nothing can follow. */
    public record End(String status) implements Item {
    }

    /**
     * Follows the parcel's timeline from after event {@code after} (0 for all of it). The caller has checked
     * that the parcel is the partner's. The stream completes after {@link End}.
     */
    public Multi<Item> follow(String trackingNumber, long after) {
        AtomicLong last = new AtomicLong(after);
        // Listening starts before the first read, so an event committed meanwhile is read, not missed. Only
        // notifications cause reads: a lost listening connection is followed by a read of everything.
        Multi<Boolean> wakeups = Multi.createBy().merging().streams(
                        // This parcel's notifications only; while the stream is busy they coalesce, since
                        // each means "read again".
                        notifications.onTrackingEvent(trackingNumber).map(number -> Boolean.TRUE),
                        Multi.createFrom().ticks().every(config.gateway().stream().heartbeat())
                                .onOverflow().drop().map(tick -> Boolean.FALSE),
                        Multi.createFrom().item(Boolean.TRUE))
                .onOverflow().dropPreviousItems();
        return wakeups
                .onItem().transformToMultiAndConcatenate(notified -> notified
                        ? read(trackingNumber, last).onItem().transformToMulti(items -> Multi.createFrom().iterable(items))
                        : Multi.createFrom().<Item>item(new Heartbeat()))
                .select().first(item -> !(item instanceof Ended));
    }

    private Uni<List<Item>> read(String trackingNumber, AtomicLong last) {
        return pool.preparedQuery(AFTER).execute(Tuple.of(trackingNumber, last.get())).map(rows -> {
            List<Item> items = new ArrayList<>();
            for (Row row : rows) {
                last.set(row.getLong("id"));
                TrackingStatus status = TrackingStatus.valueOf(row.getString("status"));
                OffsetDateTime at = row.getOffsetDateTime("occurred_at");
                items.add(new Event(row.getLong("id"), new TrackingView.Event(status.name(), at.toInstant(),
                        row.getString("region"), row.getString("detail"))));
                if (status.isTerminal()) {
                    items.add(new End(status.name()));
                    items.add(new Ended());
                    return items;
                }
            }
            return items;
        });
    }

    /** Marks where the stream stops; never reaches the client. */
    private record Ended() implements Item {
    }
}
