package io.rocketexpress.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A closed-loop partner load over real HTTP: each client sends its next request once the last one ended. Every
 * booking attempt is recorded with its Idempotency-Key, body and outcome: answered (a status and a body) or not
 * (the connection was refused or reset, or the answer did not come within the timeout). Tracking reads of
 * parcels already accepted are mixed in, and counted by outcome.
 */
final class BookingLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** After a failed request a client waits this long, as a partner's client backs off, instead of spinning. */
    private static final Duration BACK_OFF = Duration.ofMillis(50);

    /** A partner of one region's gateway. */
    record Partner(Region region, String name, UUID id, String key) {
    }

    /** A booking to make: who books, on which route, which parcels. */
    record Order(Partner partner, Region destination, List<Parcel> parcels) {

        String body() {
            return "{\"origin\":\"" + partner.region().name() + "\",\"destination\":\"" + destination.name()
                    + "\",\"parcels\":[" + parcels.stream().map(Parcel::json).collect(Collectors.joining(",")) + "]}";
        }
    }

    /** A parcel of an order: its mass and box. */
    record Parcel(double massKg, int lengthCm, int widthCm, int heightCm) {

        String json() {
            return "{\"massKg\":" + massKg + ",\"lengthCm\":" + lengthCm + ",\"widthCm\":" + widthCm
                    + ",\"heightCm\":" + heightCm + "}";
        }
    }

    /**
     * One booking request and how it ended.
     *
     * @param status      the answer's status, 0 when no answer came
     * @param contentType the answer's media type
     * @param retryAfter  the answer's Retry-After
     * @param error       why no answer came
     */
    record Attempt(Order order, String key, Instant sentAt, Instant endedAt, int status, String contentType,
                   String retryAfter, String answer, String error) {

        boolean accepted() {
            return status == 201;
        }

        boolean unanswered() {
            return status == 0;
        }

        JsonNode booking() {
            try {
                return JSON.readTree(answer);
            } catch (IOException e) {
                throw new UncheckedIOException("a 201 answer that is not JSON: " + answer, e);
            }
        }

        UUID bookingId() {
            return UUID.fromString(booking().path("id").asText());
        }

        List<String> trackingNumbers() {
            List<String> numbers = new ArrayList<>();
            booking().path("parcels").forEach(parcel -> numbers.add(parcel.path("trackingNumber").asText()));
            return numbers;
        }
    }

    private record Owned(String number, Partner owner) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Function<Region, URI> gateways;
    private final Duration timeout;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    /** Accepted parcels and their partners, by origin region, for the tracking reads. */
    private final Map<Region, List<Owned>> parcels = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
    private final List<String> badReads = new CopyOnWriteArrayList<>();
    /** Partners by region and name. */
    private final Map<String, Partner> partners = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopping;

    BookingLoad(Function<Region, URI> gateways, Duration timeout) {
        this.gateways = gateways;
        this.timeout = timeout;
    }

    /**
     * Starts the clients: each takes orders from {@code orders} until it is empty or the load is stopped, and with
     * probability {@code readShare} reads an accepted parcel's tracking at a random region's gateway instead.
     */
    void start(int clientCount, Supplier<Optional<Order>> orders, double readShare) {
        for (int i = 0; i < clientCount; i++) {
            Thread client = new Thread(() -> {
                while (!stopping) {
                    boolean ok;
                    if (ThreadLocalRandom.current().nextDouble() < readShare && !parcels.isEmpty()) {
                        ok = readSomeParcel();
                    } else {
                        Optional<Order> order = orders.get();
                        if (order.isEmpty()) {
                            return;
                        }
                        ok = book(order.get(), UUID.randomUUID().toString()).accepted();
                    }
                    if (!ok) {
                        pause();
                    }
                }
            }, "load-" + i);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
    }

    /** Orders from a fixed list, each taken once. */
    static Supplier<Optional<Order>> fixed(List<Order> orders) {
        ConcurrentLinkedQueue<Order> queue = new ConcurrentLinkedQueue<>(orders);
        return () -> Optional.ofNullable(queue.poll());
    }

    /** Sends one booking and records it. */
    Attempt book(Order order, String key) {
        Attempt attempt = send(order, key);
        attempts.add(attempt);
        if (attempt.accepted()) {
            parcels.computeIfAbsent(order.partner().region(), r -> new CopyOnWriteArrayList<>())
                    .addAll(attempt.trackingNumbers().stream().map(n -> new Owned(n, order.partner())).toList());
        }
        return attempt;
    }

    /** Sends a booking again with the same key and body, as a partner retries; not counted in the load. */
    Attempt retry(Attempt earlier) {
        return send(earlier.order(), earlier.key());
    }

    private Attempt send(Order order, String key) {
        Instant sent = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(gateways.apply(order.partner().region()).resolve("/v1/bookings"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + order.partner().key())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(order.body()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Attempt(order, key, sent, Instant.now(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), null);
        } catch (IOException e) {
            return new Attempt(order, key, sent, Instant.now(), 0, null, null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(order, key, sent, Instant.now(), 0, null, null, null, "interrupted");
        }
    }

    private boolean readSomeParcel() {
        List<Region> origins = new ArrayList<>(parcels.keySet());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Owned> owned = parcels.get(origins.get(random.nextInt(origins.size())));
        Owned parcel = owned.get(random.nextInt(owned.size()));
        // Any region's gateway answers any number, for the partner of the same name there.
        Region via = Region.ALL.get(random.nextInt(Region.ALL.size()));
        Partner reader = partners.get(via.name() + " " + parcel.owner().name());
        if (reader == null) {
            via = parcel.owner().region();
            reader = parcel.owner();
        }
        String outcome;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateways.apply(via)
                            .resolve("/v1/tracking/" + parcel.number())).timeout(timeout)
                    .header("Authorization", "Bearer " + reader.key()).build(), HttpResponse.BodyHandlers.discarding());
            outcome = Integer.toString(response.statusCode());
            if (response.statusCode() != 200 && response.statusCode() != 503) {
                badReads.add(parcel.number() + " via " + via.name() + ": " + response.statusCode());
            }
        } catch (IOException e) {
            outcome = "unanswered";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        reads.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
        return "200".equals(outcome);
    }

    /** Makes a partner known for tracking reads at its region's gateway of parcels its namesakes booked. */
    void knows(Partner partner) {
        partners.put(partner.region().name() + " " + partner.name(), partner);
    }

    private static void pause() {
        try {
            Thread.sleep(BACK_OFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the clients of a fixed list of orders to run out of them. */
    void awaitDone(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (clients.stream().anyMatch(Thread::isAlive)) {
            throw new IllegalStateException("the load was still running after " + atMost);
        }
    }

    /** Stops the clients once their requests in flight ended. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread client : clients) {
            client.join(timeout.toMillis() * 2);
        }
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Tracking reads by outcome: a status, or "unanswered". */
    Map<String, Long> reads() {
        Map<String, Long> counts = new TreeMap<>();
        reads.forEach((outcome, count) -> counts.put(outcome, count.get()));
        return counts;
    }

    /** Tracking reads of accepted parcels answered neither 200 nor 503: a parcel lost, or an error. */
    List<String> badReads() {
        return List.copyOf(badReads);
    }

    /**
     * Booking attempts by outcome: a status, or why no answer came: "refused" (no connection: the request never
     * reached a gateway), "timeout", or "dropped" (the connection broke with the request sent).
     */
    Map<String, Long> outcomes() {
        return attempts.stream().collect(Collectors.groupingBy(BookingLoad::outcome, TreeMap::new, Collectors.counting()));
    }

    private static String outcome(Attempt attempt) {
        if (!attempt.unanswered()) {
            return Integer.toString(attempt.status());
        }
        if (attempt.error().startsWith("ConnectException") || attempt.error().startsWith("HttpConnectTimeoutException")) {
            return "refused";
        }
        return attempt.error().startsWith("HttpTimeoutException") ? "timeout" : "dropped";
    }

    @Override
    public void close() {
        stopping = true;
    }
}
