package io.rocketexpress.gateway.booking;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.EmbeddedPostgresResource;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.ledger.Parcel;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class ConcurrentBookingTest {

    private static final int BOOKINGS = 240;
    private static final int PARTNERS = 8;

    @Inject
    FlightSales sales;

    @Test
    void bookingNeverOverbooksUnderConcurrency() throws Exception {
        Instant opens = Instant.now().plus(Duration.ofHours(3));
        String first = Flights.id("rush-first");
        String second = Flights.id("rush-second");
        Flights.offer(sales, first, "hangzhou", "outpost-i", opens, Duration.ofMinutes(30), 1_000, 3);
        Flights.offer(sales, second, "hangzhou", "outpost-i", opens.plusSeconds(3600), Duration.ofMinutes(30), 500, 120);
        bookAllAtOnce(42, i -> "outpost-i");

        List<Booking> bookings = Db.read(() -> Booking.<Booking>list("destination", "outpost-i"));
        Flight a = Db.read(() -> Flight.<Flight>findById(first));
        Flight b = Db.read(() -> Flight.<Flight>findById(second));
        assertThat(bookings).hasSize(BOOKINGS);
        for (Flight flight : List.of(a, b)) {
            List<Booking> on = bookings.stream().filter(x -> flight.id.equals(x.flightId)).toList();
            long grams = on.stream().mapToLong(x -> x.massGrams).sum();
            long cm3 = on.stream().mapToLong(x -> x.volumeCm3).sum();
            assertThat(grams).as("mass booked on %s", flight.id).isEqualTo(flight.bookedGrams)
                    .isLessThanOrEqualTo(flight.capacityGrams);
            assertThat(cm3).as("volume booked on %s", flight.id).isEqualTo(flight.bookedCm3)
                    .isLessThanOrEqualTo(flight.capacityCm3);
        }
        // Room on a flight only shrinks here, so whatever did not go on a flight did not fit it when it tried.
        for (Booking booking : bookings) {
            if (!first.equals(booking.flightId)) {
                assertThat(booking.massGrams > a.remainingGrams() || booking.volumeCm3 > a.remainingCm3())
                        .as("booking %s fits the earlier flight, yet is not on it", booking.id).isTrue();
            }
            if (booking.status == BookingStatus.WAITLISTED) {
                assertThat(booking.massGrams > b.remainingGrams() || booking.volumeCm3 > b.remainingCm3())
                        .as("waitlisted booking %s fits the later flight", booking.id).isTrue();
            } else {
                assertThat(booking.status).isEqualTo(BookingStatus.CONFIRMED);
            }
        }
        assertThat(bookings).filteredOn(x -> x.status == BookingStatus.WAITLISTED).isNotEmpty();
        assertThat(bookings).filteredOn(x -> second.equals(x.flightId)).isNotEmpty();
    }

    @Test
    void bookingsOfManyRoutesAtOnceEachTakeTheirOwnRoutesEarliestRoomAndNeverOverbook() throws Exception {
        List<String> routes = List.of("mixed-a", "mixed-b", "mixed-c", "mixed-d");
        Instant opens = Instant.now().plus(Duration.ofHours(3));
        Map<String, List<String>> flights = new HashMap<>();
        for (String destination : routes) {
            String earlier = Flights.id(destination + "-earlier");
            String later = Flights.id(destination + "-later");
            Flights.offer(sales, earlier, "hangzhou", destination, opens, Duration.ofMinutes(30), 100, 3);
            Flights.offer(sales, later, "hangzhou", destination, opens.plusSeconds(3600), Duration.ofMinutes(30), 300, 120);
            flights.put(destination, List.of(earlier, later));
        }
        // The routes' bookings interleaved, so that batches hold several routes at once.
        bookAllAtOnce(7, i -> routes.get(i % routes.size()));

        for (String destination : routes) {
            List<Booking> bookings = Db.read(() -> Booking.<Booking>list("destination", destination));
            assertThat(bookings).hasSize(BOOKINGS / routes.size());
            Flight earlier = Db.read(() -> Flight.<Flight>findById(flights.get(destination).get(0)));
            Flight later = Db.read(() -> Flight.<Flight>findById(flights.get(destination).get(1)));
            for (Flight flight : List.of(earlier, later)) {
                List<Booking> on = bookings.stream().filter(x -> flight.id.equals(x.flightId)).toList();
                assertThat(on.stream().mapToLong(x -> x.massGrams).sum()).as("mass booked on %s", flight.id)
                        .isEqualTo(flight.bookedGrams).isLessThanOrEqualTo(flight.capacityGrams).isPositive();
                assertThat(on.stream().mapToLong(x -> x.volumeCm3).sum()).as("volume booked on %s", flight.id)
                        .isEqualTo(flight.bookedCm3).isLessThanOrEqualTo(flight.capacityCm3);
            }
            for (Booking booking : bookings) {
                assertThat(booking.flightId).as("booking %s to %s", booking.id, destination)
                        .isIn(earlier.id, later.id, null);
                if (!earlier.id.equals(booking.flightId)) {
                    assertThat(booking.massGrams > earlier.remainingGrams() || booking.volumeCm3 > earlier.remainingCm3())
                            .as("booking %s fits the earlier flight to %s, yet is not on it", booking.id, destination)
                            .isTrue();
                }
                if (booking.status == BookingStatus.WAITLISTED) {
                    assertThat(booking.massGrams > later.remainingGrams() || booking.volumeCm3 > later.remainingCm3())
                            .as("waitlisted booking %s fits the later flight to %s", booking.id, destination).isTrue();
                }
            }
            assertThat(bookings).filteredOn(x -> x.status == BookingStatus.WAITLISTED).isNotEmpty();
        }
    }

    @Test
    void tenThousandParcelsBookedConcurrentlyOntoOneFlightAddUpExactly() throws Exception {
        String flightId = Flights.id("peak");
        // 2,000 kg of room; each booking is 10 parcels of 0.25 kg: exactly 800 bookings fit, 200 wait.
        Flights.offer(sales, flightId, "hangzhou", "outpost-l", Instant.now().plus(Duration.ofHours(3)),
                Duration.ofMinutes(30), 2_000, 10_000);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < PARTNERS; i++) {
            keys.add(Partners.newPartnerKey());
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String key = keys.get(i % PARTNERS);
            answers.add(pool.submit(() -> Bookings.book(key, UUID.randomUUID().toString(),
                    Bookings.shipment("outpost-l", 10, 0.25)).statusCode()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }

        List<Booking> bookings = Db.read(() -> Booking.<Booking>list("destination", "outpost-l"));
        Flight flight = Db.read(() -> Flight.<Flight>findById(flightId));
        List<Booking> confirmed = bookings.stream().filter(b -> b.status == BookingStatus.CONFIRMED).toList();
        assertThat(bookings).hasSize(1_000);
        assertThat(confirmed).hasSize(800).allMatch(b -> flightId.equals(b.flightId));
        assertThat(bookings).filteredOn(b -> b.status == BookingStatus.WAITLISTED).hasSize(200);
        assertThat(flight.bookedGrams).isEqualTo(confirmed.stream().mapToLong(b -> b.massGrams).sum())
                .isEqualTo(2_000_000L);
        assertThat(flight.bookedCm3).isEqualTo(confirmed.stream().mapToLong(b -> b.volumeCm3).sum());
        List<UUID> ids = bookings.stream().map(b -> b.id).toList();
        long parcels = Db.read(() -> Parcel.count("bookingId in ?1", ids));
        long events = Db.read(() -> io.rocketexpress.gateway.ledger.TrackingEvent.count(
                "trackingNumber in (select p.trackingNumber from Parcel p where p.bookingId in ?1)", ids));
        assertThat(parcels).isEqualTo(10_000);
        assertThat(events).as("one first event per parcel").isEqualTo(10_000);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyBookOnceAndReplayOrWait() throws Exception {
        String flightId = Flights.id("retries");
        Flights.offer(sales, flightId, "hangzhou", "outpost-j", Instant.now().plus(Duration.ofHours(3)),
                Duration.ofMinutes(30), 1_000, 100);
        String key = Partners.newPartnerKey();
        String idempotencyKey = UUID.randomUUID().toString();
        String body = Bookings.shipment("outpost-j", 3, 2);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<io.restassured.response.ExtractableResponse<io.restassured.response.Response>>> answers =
                new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(pool.submit(() -> Bookings.book(key, idempotencyKey, body)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        String first = null;
        for (var answer : answers) {
            var response = answer.get();
            // A retry that meets the first request still running is told to retry; any other gets its answer.
            assertThat(response.statusCode()).isIn(201, 409);
            if (response.statusCode() == 201) {
                first = first == null ? response.asString() : first;
                assertThat(response.asString()).isEqualTo(first);
            }
        }
        assertThat(first).isNotNull();
        assertThat(Db.read(() -> Booking.count("destination", "outpost-j"))).isEqualTo(1);
        assertThat(Db.read(() -> Flight.<Flight>findById(flightId)).bookedGrams).isEqualTo(6_000);
    }

    /**
     * Books {@link #BOOKINGS} one-parcel shipments of 4 to 15 kg concurrently, the partners in turn, the i-th to
     * {@code destination.apply(i)}, and checks that every one was answered 201.
     */
    private static void bookAllAtOnce(long seed, IntFunction<String> destination) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < PARTNERS; i++) {
            keys.add(Partners.newPartnerKey());
        }
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(48);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < BOOKINGS; i++) {
            String key = keys.get(i % PARTNERS);
            String to = destination.apply(i);
            double massKg = 4 + random.nextInt(12);
            answers.add(pool.submit(() -> Bookings.book(key, UUID.randomUUID().toString(),
                    Bookings.shipment(to, 1, massKg)).statusCode()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }
    }
}
