package io.rocketexpress.bench;

import io.rocketexpress.sandbox.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code webhooks} workload: every partner has an endpoint on a local receiver; a burst of tracking events
 * is committed to their parcels at once, as a flight's landing would; the dispatcher works the outbox off. It
 * measures deliveries per second until the last one arrives, and for each delivery the time from the burst's
 * commit to its arrival. A delivery that never arrives is an error; one that arrives twice is counted once.
 */
final class WebhookDelivery {

    /** The detail of the events this workload commits, so that checks can tell them from bookings' events. */
    static final String MARK = "webhooks";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WebhookDelivery() {
    }

    /** Where deliveries arrive, counted by server and delivery id. */
    static final class Receiver implements AutoCloseable {
        private final Vertx vertx = Vertx.vertx();
        private final Map<String, Map<String, Long>> arrivals = new ConcurrentHashMap<>();
        private final HttpServer server;

        Receiver() {
            server = vertx.createHttpServer().requestHandler(request -> {
                String delivery = request.getHeader("RocketExpress-Delivery");
                long now = System.nanoTime();
                request.body().onComplete(body -> {
                    if (delivery != null) {
                        arrivals.computeIfAbsent(request.path(), path -> new ConcurrentHashMap<>())
                                .putIfAbsent(delivery, now);
                    }
                    request.response().setStatusCode(204).end();
                });
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        }

        String url(String side) {
            return "http://127.0.0.1:" + server.actualPort() + "/" + side;
        }

        Map<String, Long> of(String side) {
            return arrivals.computeIfAbsent("/" + side, path -> new ConcurrentHashMap<>());
        }

        @Override
        public void close() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * Registers every partner's endpoint on the server (the baseline's are written to its database, as its
     * yardstick does not serve registrations), commits {@code events} events at once and waits for them all.
     */
    static LoadGenerator.Outcome run(Workloads.Server side, BenchNetwork network, EmbeddedDatabase.Database database,
                                     Receiver receiver, int events, boolean viaApi) {
        String url = receiver.url(side.name);
        if (viaApi) {
            for (String key : side.keys) {
                register(side.uri, key, url);
            }
        } else {
            network.execute(database, "INSERT INTO webhook_endpoint (partner_id, url, secret, created_at, updated_at)"
                    + " SELECT id, '" + url + "', md5(random()::text), now(), now() FROM partner");
        }
        Map<String, Long> arrived = receiver.of(side.name);
        network.execute(database, "INSERT INTO tracking_event (tracking_number, status, occurred_at, region, detail)"
                + " SELECT tracking_number, 'MANIFESTED', now(), 'hangzhou', '" + MARK + "' FROM parcel"
                + " ORDER BY tracking_number LIMIT " + events);
        long committed = System.nanoTime();
        long deadline = committed + TimeUnit.MINUTES.toNanos(2);
        while (arrived.size() < events && System.nanoTime() < deadline) {
            sleep();
        }
        long last = arrived.values().stream().mapToLong(Long::longValue).max().orElse(committed);
        double seconds = Math.max(1e-3, (last - committed) / 1e9);
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(3), 3);
        arrived.values().forEach(at -> latencies.recordValue(Math.max(0, at - committed)));
        long missing = Math.max(0, events - arrived.size());
        return new LoadGenerator.Outcome(arrived.size(), missing, seconds, latencies.getValueAtPercentile(50) / 1e6,
                latencies.getValueAtPercentile(99) / 1e6, missing == 0 ? null
                : missing + " of " + events + " deliveries never arrived at " + side.name + "'s receiver", 0);
    }

    private static void register(URI server, String key, String url) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(server.resolve("/v1/webhook"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("webhook not registered: " + answer.statusCode() + " " + answer.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
