package io.rocketexpress.gateway.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightCapacity;
import io.rocketexpress.gateway.flight.Units;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.gateway.ledger.TrackingEvent;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.gateway.quote.ParcelRequest;
import io.rocketexpress.gateway.quote.Shipment;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes new bookings, concurrent ones together whatever their routes: how the gateway sells a busy route without
 * queueing on its flight's row, and many routes for a few transactions.
 */
@ApplicationScoped
class BookingBatches {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Reads of flights that filled up meanwhile, in a row, before the partner is asked to retry. */
    private static final int MAX_PICKS = 50;
    /** Most bookings written in one transaction. */
    private static final int MAX_BATCH = 64;
    /** Booking transactions running at once on this replica: one fills up while the other commits. */
    private static final int BATCHES_AT_ONCE = 2;

    private final BatchQueue<Pending> queue = new BatchQueue<>(MAX_BATCH, BATCHES_AT_ONCE, this::bookTogether);
    private final FlightCapacity capacity;
    private final Idempotency idempotency;
    private final TrackingLog tracking;
    private final Regions regions;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final Pool pool;

    BookingBatches(FlightCapacity capacity, Idempotency idempotency, TrackingLog tracking, Regions regions,
                   GatewayConfig config, ObjectMapper json, Clock clock, Pool pool) {
        this.capacity = capacity;
        this.idempotency = idempotency;
        this.tracking = tracking;
        this.regions = regions;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Books the shipment onto the earliest flight of its route with room for all of it, or waitlists it.
     * The answer is stored under the idempotency key in the same transaction, so a retry replays it.
     * <p>
     * Bookings that arrive together are written together ({@link BatchQueue}), whatever their routes: one
     * transaction claims their keys and reads their routes' flights (one round trip with its BEGIN), gives each
     * booking, in turn, the earliest flight of its route with room left for it, and then sends in one go their
     * bookings, parcels, first events and answers, one claim of room per flight used (all in one statement) and
     * the COMMIT. A flight's row is locked only from that claim to the commit, and once per batch, so a busy
     * route does not queue on it. A claim that finds the room gone (another replica sold it meanwhile) fails, the
     * COMMIT then rolls the batch back, and it is tried again: never oversold. Keys and flights are claimed in
     * one order (sorted) in every batch, so that two batches never deadlock on each other's locks.
     */
    Uni<BookingService.Answer> book(Idempotency.Key key, Shipment shipment) {
        return Uni.createFrom().emitter(answer -> queue.add(new Pending(key, shipment, answer)));
    }

    /** A booking request waiting in the queue, and where its answer goes. */
    private record Pending(Idempotency.Key key, Shipment shipment, UniEmitter<? super BookingService.Answer> answer) {
    }

    /**
     * Writes a batch and settles each of its requests. If the batch fails as a whole, each request is tried
     * alone, so that a failure is only ever the answer of the request that caused it.
     */
    private Uni<Void> bookTogether(List<Pending> batch) {
        return pool.withConnection(connection -> transaction(connection, batch))
                // Rolled back: a flight filled up after it was read. Read again; it was never oversold.
                .onFailure(RoomTaken.class).retry().atMost(MAX_PICKS)
                .onItemOrFailure().transformToUni((outcomes, failure) -> {
                    if (failure == null) {
                        for (int i = 0; i < batch.size(); i++) {
                            outcomes.get(i).settle(batch.get(i).answer());
                        }
                        return Uni.createFrom().voidItem();
                    }
                    if (batch.size() == 1) {
                        batch.get(0).answer().fail(failure instanceof RoomTaken ? sellingOut(batch.get(0).shipment())
                                : failure);
                        return Uni.createFrom().voidItem();
                    }
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndMerge(pending -> bookTogether(List.of(pending)))
                            .collect().last();
                });
    }

    /** One transaction for the batch; @return each request's outcome, in the batch's order */
    private Uni<List<Outcome>> transaction(SqlConnection connection, List<Pending> batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<String> routes = new LinkedHashSet<>();
        List<String> origins = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        for (Pending pending : batch) {
            if (routes.add(FlightCapacity.route(pending.shipment().origin(), pending.shipment().destination()))) {
                origins.add(pending.shipment().origin());
                destinations.add(pending.shipment().destination());
            }
        }
        // Once the COMMIT is sent, the transaction ends whatever happens; before, a failure rolls it back.
        AtomicBoolean ending = new AtomicBoolean();
        // BEGIN, the claim of the keys and the read of the routes' flights go in one round trip: PostgreSQL runs a
        // connection's statements in the order sent, so the flights are read after the claim, as if sent after its
        // answer. Each answer is awaited, so that a failure leaves nothing of them in flight.
        return Uni.combine().all().unis(connection.query("BEGIN").execute(),
                        idempotency.claimAll(connection, batch.stream().map(Pending::key).toList(), now),
                        capacity.onSale(connection, origins, destinations, now))
                .collectFailures().asTuple()
                // The statements after a failed one fail only because the transaction is aborted: the first says why.
                .onFailure(CompositeException.class)
                .transform(failure -> ((CompositeException) failure).getCauses().get(0))
                .flatMap(sent -> {
                    List<Boolean> fresh = sent.getItem2();
                    Map<String, List<FlightCapacity.Room>> rooms = sent.getItem3();
                    List<Outcome> outcomes = new ArrayList<>();
                    List<Draft> drafts = new ArrayList<>();
                    List<Uni<Outcome>> replays = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        Pending pending = batch.get(i);
                        if (fresh.get(i)) {
                            Shipment shipment = pending.shipment();
                            Draft draft = draft(pending, pick(rooms.get(FlightCapacity.route(shipment.origin(),
                                    shipment.destination())), shipment), now);
                            drafts.add(draft);
                            outcomes.add(Outcome.of(new BookingService.Answer(201, draft.body(), draft.view())));
                        } else {
                            outcomes.add(null);
                            replays.add(idempotency.replay(connection, pending.key())
                                    .map(stored -> Outcome.of(new BookingService.Answer(stored.status(), stored.body(), null)))
                                    .onFailure(ProblemException.class).recoverWithItem(Outcome::failed));
                        }
                    }
                    Uni<List<Outcome>> replayed = replays.isEmpty() ? Uni.createFrom().item(List.of())
                            : Uni.join().all(replays).andFailFast();
                    return replayed.flatMap(answers -> {
                        int next = 0;
                        for (int i = 0; i < outcomes.size(); i++) {
                            if (outcomes.get(i) == null) {
                                outcomes.set(i, answers.get(next++));
                            }
                        }
                        ending.set(true);
                        return write(connection, drafts, now).replaceWith(outcomes);
                    });
                })
                .onFailure().call(failure -> ending.get() ? Uni.createFrom().voidItem()
                        : connection.query("ROLLBACK").execute().onFailure().recoverWithNull());
    }

    /** The earliest flight with room left for the shipment, that room then taken from it; null: waitlisted. */
    private static FlightCapacity.Room pick(List<FlightCapacity.Room> rooms, Shipment shipment) {
        for (int i = 0; i < rooms.size(); i++) {
            FlightCapacity.Room room = rooms.get(i);
            if (room.grams() >= shipment.massGrams() && room.cm3() >= shipment.volumeCm3()) {
                rooms.set(i, new FlightCapacity.Room(room.flight(), room.grams() - shipment.massGrams(),
                        room.cm3() - shipment.volumeCm3()));
                return room;
            }
        }
        return null;
    }

    /** A new booking as it will be written and answered. */
    private record Draft(Pending pending, Booking booking, List<Parcel> parcels, List<TrackingEvent> events,
                         BookingView view, String body) {
    }

    private Draft draft(Pending pending, FlightCapacity.Room room, Instant now) {
        Shipment shipment = pending.shipment();
        Flight flight = room == null ? null : room.flight();
        Booking booking = new Booking();
        booking.id = UUID.randomUUID();
        booking.partnerId = pending.key().partner();
        booking.origin = shipment.origin();
        booking.destination = shipment.destination();
        booking.status = flight == null ? BookingStatus.WAITLISTED : BookingStatus.CONFIRMED;
        booking.flightId = flight == null ? null : flight.id;
        booking.massGrams = shipment.massGrams();
        booking.volumeCm3 = shipment.volumeCm3();
        booking.chargeableGrams = shipment.chargeableGrams();
        booking.price = shipment.price();
        booking.currency = shipment.currency();
        booking.createdAt = now;
        booking.updatedAt = now;
        TrackingStatus status = flight == null ? TrackingStatus.WAITLISTED : TrackingStatus.BOOKED;
        String detail = flight == null
                ? "no flight " + shipment.origin() + " → " + shipment.destination() + " has room yet"
                : "booked on flight " + flight.id;
        List<Parcel> parcels = new ArrayList<>();
        List<TrackingEvent> events = new ArrayList<>();
        for (int i = 0; i < shipment.parcels().size(); i++) {
            Parcel parcel = parcel(booking, i, shipment.parcels().get(i));
            events.add(tracking.start(parcel, status, regions.local(), detail, now));
            parcels.add(parcel);
        }
        BookingView view = BookingView.of(booking, parcels, flight, config.gateway().deliveryLeadTime());
        return new Draft(pending, booking, parcels, events, view, write(view));
    }

    /**
     * Sends the new bookings' rows, the claims of room (one per flight, for all its new bookings, in one
     * statement) and the COMMIT together, in this order: PostgreSQL runs them one after the other, in this
     * transaction.
     */
    private Uni<Void> write(SqlConnection connection, List<Draft> drafts, Instant now) {
        List<Uni<Void>> statements = new ArrayList<>();
        if (!drafts.isEmpty()) {
            statements.add(Booking.insertAll(connection, drafts.stream().map(Draft::booking).toList()));
            statements.add(Parcel.insertAll(connection, drafts.stream().flatMap(d -> d.parcels().stream()).toList()));
            statements.add(tracking.insertAll(connection, drafts.stream().flatMap(d -> d.events().stream()).toList()));
            statements.add(idempotency.completeAll(connection, drafts.stream().map(d -> d.pending().key()).toList(),
                    drafts.stream().map(Draft::body).toList()));
            // By flight id: every batch locks the flights it claims in the same order.
            SortedMap<String, long[]> claims = new TreeMap<>();
            for (Draft draft : drafts) {
                if (draft.booking().flightId != null) {
                    long[] claim = claims.computeIfAbsent(draft.booking().flightId, id -> new long[2]);
                    claim[0] += draft.booking().massGrams;
                    claim[1] += draft.booking().volumeCm3;
                }
            }
            if (!claims.isEmpty()) {
                Long[] grams = new Long[claims.size()];
                Long[] cm3 = new Long[claims.size()];
                int i = 0;
                for (long[] claim : claims.values()) {
                    grams[i] = claim[0];
                    cm3[i++] = claim[1];
                }
                statements.add(capacity.claimAll(connection, List.copyOf(claims.keySet()), grams, cm3, now));
            }
        }
        statements.add(connection.query("COMMIT").execute().replaceWithVoid());
        // Every answer is read before deciding, so the connection goes back to the pool idle.
        return Uni.join().all(statements).andCollectFailures()
                .onFailure().transform(failure -> failure instanceof CompositeException composite
                        && composite.getCauses().stream().anyMatch(FlightCapacity::noRoom)
                        || FlightCapacity.noRoom(failure) ? new RoomTaken() : failure)
                .replaceWithVoid();
    }

    /** A request's answer, or the problem that is its answer. */
    private record Outcome(BookingService.Answer answer, Throwable problem) {
        static Outcome of(BookingService.Answer answer) {
            return new Outcome(answer, null);
        }

        static Outcome failed(Throwable problem) {
            return new Outcome(null, problem);
        }

        void settle(UniEmitter<? super BookingService.Answer> emitter) {
            if (problem == null) {
                emitter.complete(answer);
            } else {
                emitter.fail(problem);
            }
        }
    }

    private static ProblemException sellingOut(Shipment shipment) {
        return new ProblemException(ProblemType.UNAVAILABLE, "flights " + shipment.origin() + " → "
                + shipment.destination() + " are selling out under many bookings at once; send the same request"
                + " again", List.of(), Duration.ofSeconds(1));
    }

    private Parcel parcel(Booking booking, int position, ParcelRequest request) {
        Parcel parcel = new Parcel();
        parcel.trackingNumber = TrackingNumber.generate(regions.localCode(), RANDOM).toString();
        parcel.bookingId = booking.id;
        parcel.position = position;
        parcel.massGrams = Units.grams(request.massKg());
        parcel.lengthCm = request.lengthCm();
        parcel.widthCm = request.widthCm();
        parcel.heightCm = request.heightCm();
        return parcel;
    }

    private String write(BookingView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a booking view always serialises", e);
        }
    }

    /** The flight picked no longer had the room when claimed; the transaction is rolled back and retried. */
    private static final class RoomTaken extends RuntimeException {
        RoomTaken() {
            super("the flight filled up", null, false, false);
        }
    }
}
