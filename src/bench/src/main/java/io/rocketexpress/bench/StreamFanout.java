package io.rocketexpress.bench;

import io.rocketexpress.bench.Workloads.Owned;
import io.rocketexpress.sandbox.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code stream-fanout} workload: many parcels followed live at once, each by its own Server-Sent Events
 * stream, while tracking events are committed to them at a steady rate, as another replica or a flight's
 * progress would. It measures the time from each event's commit (the moment its INSERT was answered) to its
 * arrival on the stream, and counts any event that never arrives as an error.
 */
final class StreamFanout {

    /** The detail of the events this workload commits, so that checks can tell them from bookings' events. */
    static final String MARK = "stream-fanout";

    private StreamFanout() {
    }

    static LoadGenerator.Outcome run(URI server, Workloads.Server side, EmbeddedDatabase.Database database,
                                     List<Owned> parcels, double eventsPerSecond, Duration measured) {
        Vertx vertx = Vertx.vertx();
        Recorder latencies = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
        Map<Long, Long> committed = new ConcurrentHashMap<>();
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        AtomicLong delivered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch live = new CountDownLatch(parcels.size());
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(server.getHost())
                        .setDefaultPort(server.getPort()).setKeepAlive(true).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(parcels.size()).setMaxWaitQueueSize(-1));
        Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost("localhost").setPort(database.port())
                        .setDatabase(database.name()).setUser(EmbeddedDatabase.USER)
                        .setPassword(EmbeddedDatabase.PASSWORD))
                .using(vertx).build();
        try {
            for (Owned parcel : parcels) {
                follow(http, side, parcel, live, id -> {
                    long now = System.nanoTime();
                    Long sent = committed.remove(id);
                    if (sent == null) {
                        // Heard before its INSERT was answered: the other side completes the measure.
                        arrived.put(id, now);
                    } else {
                        latencies.recordValue(Math.max(0, now - sent));
                        delivered.incrementAndGet();
                    }
                }, failure -> {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, failure);
                });
            }
            if (!live.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException(live.getCount() + " of " + parcels.size()
                        + " streams did not start at " + server);
            }
            latencies.reset();
            long perTick = Math.max(1, Math.round(eventsPerSecond / 100));
            AtomicLong next = new AtomicLong();
            AtomicLong outstanding = new AtomicLong();
            long started = System.nanoTime();
            long timer = vertx.setPeriodic(10, tick -> {
                for (int i = 0; i < perTick; i++) {
                    Owned parcel = parcels.get((int) (next.getAndIncrement() % parcels.size()));
                    outstanding.incrementAndGet();
                    pool.preparedQuery("INSERT INTO tracking_event (tracking_number, status, occurred_at, region,"
                                    + " detail) VALUES ($1, 'MANIFESTED', now(), 'hangzhou', '" + MARK + "') RETURNING id")
                            .execute(Tuple.of(parcel.id()))
                            .onSuccess(rows -> {
                                long now = System.nanoTime();
                                long id = rows.iterator().next().getLong(0);
                                Long heard = arrived.remove(id);
                                if (heard == null) {
                                    committed.put(id, now);
                                } else {
                                    latencies.recordValue(0);
                                    delivered.incrementAndGet();
                                }
                                outstanding.decrementAndGet();
                            })
                            .onFailure(failure -> {
                                outstanding.decrementAndGet();
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, "insert failed: " + failure.getMessage());
                            });
                }
            });
            Thread.sleep(measured.toMillis());
            vertx.cancelTimer(timer);
            double seconds = (System.nanoTime() - started) / 1e9;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((outstanding.get() > 0 || !committed.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!committed.isEmpty()) {
                errors.addAndGet(committed.size());
                firstError.compareAndSet(null, committed.size() + " committed events never reached their stream");
            }
            var histogram = latencies.getIntervalHistogram();
            return new LoadGenerator.Outcome(delivered.get(), errors.get(), seconds,
                    histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                    firstError.get(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.close();
            http.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Opens one parcel's stream and reports the id of every event it carries. */
    private static void follow(HttpClient http, Workloads.Server side, Owned parcel, CountDownLatch live,
                               java.util.function.LongConsumer heard, java.util.function.Consumer<String> failed) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI("/v1/tracking/" + parcel.id() + "/events")
                .addHeader("Authorization", side.bearer(parcel.partner()))
                .addHeader("Accept", "text/event-stream");
        http.request(options).compose(request -> request.send()).onSuccess(response -> {
            if (response.statusCode() != 200) {
                failed.accept("stream of " + parcel.id() + " answered " + response.statusCode());
                live.countDown();
                return;
            }
            StringBuilder pending = new StringBuilder();
            boolean[] started = {false};
            response.handler(chunk -> {
                pending.append(chunk.toString());
                int end;
                while ((end = pending.indexOf("\n")) >= 0) {
                    String line = pending.substring(0, end).trim();
                    pending.delete(0, end + 1);
                    if (line.startsWith("id:")) {
                        heard.accept(Long.parseLong(line.substring(3).trim()));
                        if (!started[0]) {
                            started[0] = true;
                            live.countDown();
                        }
                    }
                }
            });
        }).onFailure(failure -> {
            failed.accept("stream of " + parcel.id() + " failed: " + failure.getMessage());
            live.countDown();
        });
    }
}
