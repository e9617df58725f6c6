package io.rocketexpress.bench;

import io.rocketexpress.bench.LoadGenerator.Request;
import io.rocketexpress.bench.LoadGenerator.Script;
import io.vertx.core.buffer.Buffer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The requests of each workload, sent the same way to the gateway and to the baseline. */
final class Workloads {

    private Workloads() {
    }

    /**
     * One server under test and what the bench has booked on it: the bookings and parcels its answers named, by
     * the partner that owns them, for the read workloads; and counts to check its database against.
     */
    static final class Server {
        final String name;
        final URI uri;
        final List<String> keys;
        final Compilers compilers;
        final ProcessCpu cpu;
        final AtomicLong bookings = new AtomicLong();
        final AtomicLong parcels = new AtomicLong();
        final AtomicLong grams = new AtomicLong();
        private final List<Owned> bookingIds = new ArrayList<>();
        private final List<Owned> trackingNumbers = new ArrayList<>();

        Server(String name, URI uri, List<String> keys, Compilers compilers, ProcessCpu cpu) {
            this.name = name;
            this.uri = uri;
            this.keys = keys;
            this.compilers = compilers;
            this.cpu = cpu;
        }

        String bearer(int partner) {
            return "Bearer " + keys.get(partner);
        }

        /** Forgets every booking, as {@link BenchNetwork#forgetBookings} does in the server's database. */
        synchronized void forgetBookings() {
            bookingIds.clear();
            trackingNumbers.clear();
            bookings.set(0);
            parcels.set(0);
            grams.set(0);
        }

        synchronized void booked(int partner, String bookingId, List<String> numbers) {
            bookingIds.add(new Owned(partner, bookingId));
            for (String number : numbers) {
                trackingNumbers.add(new Owned(partner, number));
            }
        }

        synchronized Owned anyBooking() {
            return bookingIds.get(ThreadLocalRandom.current().nextInt(bookingIds.size()));
        }

        /** The first parcels booked, up to that many, each once. */
        synchronized List<Owned> parcels(int count) {
            return List.copyOf(trackingNumbers.subList(0, Math.min(count, trackingNumbers.size())));
        }

        synchronized Owned anyParcel() {
            return trackingNumbers.get(ThreadLocalRandom.current().nextInt(trackingNumbers.size()));
        }
    }

    record Owned(int partner, String id) {
    }

    /** The liveness probe: what the framework and the load generator manage with no work behind them. */
    static Script health() {
        return new Script() {
            @Override
            public Request next() {
                return Request.get("/q/health/live", 0);
            }

            @Override
            public int expectedStatus() {
                return 200;
            }
        };
    }

    /**
     * Bookings of {@code parcels} small parcels each, each with a new Idempotency-Key, on one route or spread
     * over all of them, by the partners in turn.
     */
    static Script book(Server server, int parcels, boolean spread) {
        AtomicLong sequence = new AtomicLong();
        String[] bodies = new String[BenchNetwork.ROUTES];
        for (int route = 0; route < bodies.length; route++) {
            StringBuilder body = new StringBuilder("{\"origin\":\"" + BenchNetwork.ORIGIN + "\",\"destination\":\""
                    + BenchNetwork.destination(route) + "\",\"parcels\":[");
            for (int i = 0; i < parcels; i++) {
                body.append(i == 0 ? "" : ",").append("{\"massKg\":0.5,\"lengthCm\":20,\"widthCm\":15,\"heightCm\":10}");
            }
            bodies[route] = body.append("]}").toString();
        }
        return new Script() {
            @Override
            public Request next() {
                long n = sequence.getAndIncrement();
                int partner = (int) (n % server.keys.size());
                int route = spread ? (int) (n % BenchNetwork.ROUTES) : 0;
                return Request.post("/v1/bookings", bodies[route], partner, "Authorization", server.bearer(partner),
                        "Idempotency-Key", UUID.randomUUID().toString());
            }

            @Override
            public void answered(Request request, Buffer body) {
                String text = body.toString();
                List<String> numbers = values(text, "\"trackingNumber\":\"");
                server.bookings.incrementAndGet();
                server.parcels.addAndGet(numbers.size());
                server.grams.addAndGet(500L * numbers.size());
                server.booked(request.tag(), values(text, "\"id\":\"").get(0), numbers);
            }

            @Override
            public int expectedStatus() {
                return 201;
            }
        };
    }

    /** A parcel's timeline, read by its partner. */
    static Script trackRead(Server server) {
        return read(() -> {
            Owned parcel = server.anyParcel();
            return Request.get("/v1/tracking/" + parcel.id(), parcel.partner(), "Authorization",
                    server.bearer(parcel.partner()));
        });
    }

    /** A booking, read by its partner. */
    static Script bookingRead(Server server) {
        return read(() -> {
            Owned booking = server.anyBooking();
            return Request.get("/v1/bookings/" + booking.id(), booking.partner(), "Authorization",
                    server.bearer(booking.partner()));
        });
    }

    /** The schedule of one route, routes and partners in turn. */
    static Script flights(Server server) {
        AtomicLong sequence = new AtomicLong();
        return read(() -> {
            long n = sequence.getAndIncrement();
            int partner = (int) (n % server.keys.size());
            return Request.get("/v1/flights?origin=" + BenchNetwork.ORIGIN + "&destination="
                    + BenchNetwork.destination((int) (n % BenchNetwork.ROUTES)), partner,
                    "Authorization", server.bearer(partner));
        });
    }

    private static Script read(java.util.function.Supplier<Request> requests) {
        return new Script() {
            @Override
            public Request next() {
                return requests.get();
            }

            @Override
            public int expectedStatus() {
                return 200;
            }
        };
    }

    /** Every string value that follows the marker in a JSON text, in order. */
    static List<String> values(String json, String marker) {
        List<String> found = new ArrayList<>();
        int at = json.indexOf(marker);
        while (at >= 0) {
            int start = at + marker.length();
            int end = json.indexOf('"', start);
            found.add(json.substring(start, end));
            at = json.indexOf(marker, end);
        }
        return found;
    }
}
