package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline's live tracking streams, as the gateway serves them: the timeline so far as Server-Sent Events,
 * then each event as it commits, woken by the same trigger's {@code NOTIFY tracking_event} on one listening
 * connection, each stream reading what follows the last event it sent.
 */
final class BaselineStreams {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AFTER = "SELECT id, status, occurred_at, region, detail FROM tracking_event"
            + " WHERE tracking_number = $1 AND id > $2 ORDER BY id";

    private final Pool pool;
    private final Map<String, Set<Stream>> byNumber = new ConcurrentHashMap<>();

    BaselineStreams(Vertx vertx, PgConnectOptions options, Pool pool) {
        this.pool = pool;
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempts -> 1000L);
        subscriber.channel("tracking_event").handler(number -> {
            Set<Stream> streams = byNumber.get(number);
            if (streams != null) {
                streams.forEach(Stream::read);
            }
        });
        subscriber.connect();
    }

    /** Answers a stream request of the partner's parcel: 404 when it is not theirs. */
    void open(HttpServerRequest request, UUID partner, String number) {
        pool.preparedQuery("SELECT 1 FROM parcel p JOIN booking b ON b.id = p.booking_id AND b.partner_id = $2"
                        + " WHERE p.tracking_number = $1").execute(Tuple.of(number, partner))
                .onSuccess(rows -> {
                    if (rows.rowCount() == 0) {
                        request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                                .end("{\"status\":404,\"detail\":\"you have no parcel " + number + "\"}");
                        return;
                    }
                    HttpServerResponse response = request.response().setChunked(true)
                            .putHeader("Content-Type", "text/event-stream");
                    response.write(":\n\n");
                    Stream stream = new Stream(number, response);
                    Set<Stream> streams = byNumber.computeIfAbsent(number, n -> ConcurrentHashMap.newKeySet());
                    streams.add(stream);
                    response.closeHandler(closed -> streams.remove(stream));
                    stream.read();
                })
                .onFailure(failure -> request.response().setStatusCode(500).end());
    }

    /** One open stream and how far it got. */
    private final class Stream {
        private final String number;
        private final HttpServerResponse response;
        private long last;
        private boolean reading;
        private boolean again;

        Stream(String number, HttpServerResponse response) {
            this.number = number;
            this.response = response;
        }

        /** Reads and sends what follows the last event sent; a wake-up during a read causes one more read. */
        void read() {
            synchronized (this) {
                if (reading) {
                    again = true;
                    return;
                }
                reading = true;
            }
            long after;
            synchronized (this) {
                after = last;
            }
            pool.preparedQuery(AFTER).execute(Tuple.of(number, after)).onComplete(result -> {
                if (result.succeeded()) {
                    StringBuilder out = new StringBuilder();
                    for (Row row : result.result()) {
                        String data = JSON.createObjectNode().put("status", row.getString(1))
                                .put("at", row.getOffsetDateTime(2).toInstant().toString())
                                .put("region", row.getString(3)).put("detail", row.getString(4)).toString();
                        out.append("event: tracking\nid: ").append(row.getLong(0)).append("\ndata: ").append(data)
                                .append("\n\n");
                        synchronized (this) {
                            last = Math.max(last, row.getLong(0));
                        }
                    }
                    if (!out.isEmpty() && !response.closed()) {
                        response.write(out.toString());
                    }
                }
                boolean more;
                synchronized (this) {
                    reading = false;
                    more = again;
                    again = false;
                }
                if (more) {
                    read();
                }
            });
        }
    }
}
