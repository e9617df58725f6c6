package io.rocketexpress.gateway.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** Books shipments onto flights, cancels them, and reads them back for their partner only. */
@ApplicationScoped
public class BookingService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Reads of flights that filled up meanwhile, in a row, before the partner is asked to retry. */
    private static final int MAX_PICKS = 50;
    /** Most bookings written in one transaction. */
    private static final int MAX_BATCH = 64;
    /** Transactions of one route running at once on this replica: one fills up while the other commits. */
    private static final int BATCHES_PER_ROUTE = 2;

    private final Map<String, RouteQueue<Pending>> routes = new ConcurrentHashMap<>();
    /** A booking of the partner's, its flight and its parcels in order. */
    private static final String BOOKING = "SELECT b.id, b.status, b.origin, b.destination, b.flight_id, f.opens_at,"
            + " f.cutoff_at, b.price, b.currency, b.mass_g, b.volume_cm3, b.chargeable_g, b.created_at,"
            + " p.tracking_number, p.mass_g AS parcel_mass_g, p.length_cm, p.width_cm, p.height_cm,"
            + " p.status AS parcel_status"
            + " FROM booking b LEFT JOIN flight f ON f.id = b.flight_id JOIN parcel p ON p.booking_id = b.id"
            + " WHERE b.id = $1 AND b.partner_id = $2 ORDER BY p.position";

    private final FlightCapacity capacity;
    private final Idempotency idempotency;
    private final TrackingLog tracking;
    private final Waitlist waitlist;
    private final Regions regions;
    private final GatewayConfig config;
    private final BookingMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Pool pool;

    BookingService(FlightCapacity capacity, Idempotency idempotency, TrackingLog tracking, Waitlist waitlist,
                   Regions regions, GatewayConfig config, BookingMetrics metrics, ObjectMapper json, Clock clock,
                   Pool pool) {
        this.pool = pool;
        this.capacity = capacity;
        this.idempotency = idempotency;
        this.tracking = tracking;
        this.waitlist = waitlist;
        this.regions = regions;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Books the shipment onto the earliest flight of its route with room for all of it, or waitlists it.
     * The answer is stored under the idempotency key in the same transaction, so a retry replays it.
     * <p>
     * Bookings of a route that arrive together are written together ({@link RouteQueue}): one transaction
     * claims their keys, reads the route's flights, gives each booking, in turn, the earliest flight with room
     * left for it, and then sends in one go their bookings, parcels, first events and answers, one claim of
     * room per flight used and the COMMIT. The flight's row is locked only from that claim to the commit, and
     * once per batch, so a busy route does not queue on it. A claim that finds the room gone (another replica
     * sold it meanwhile) fails, the COMMIT then rolls the batch back, and it is tried again: never oversold.
     */
    public Uni<Answer> book(UUID partner, String partnerName, String idempotencyKey, String requestHash,
                            Shipment shipment) {
        Idempotency.Key key = new Idempotency.Key(partner, idempotencyKey, requestHash);
        RouteQueue<Pending> route = routes.computeIfAbsent(shipment.origin() + " " + shipment.destination(),
                name -> new RouteQueue<>(MAX_BATCH, BATCHES_PER_ROUTE, this::bookTogether));
        return Uni.createFrom().<Answer>emitter(answer -> route.add(new Pending(key, shipment, answer)))
                .invoke(answer -> {
                    if (answer.created() != null) {
                        metrics.booked(partnerName, BookingStatus.valueOf(answer.created().status()),
                                answer.created().parcels().size());
                    }
                });
    }

    /** A booking request waiting in its route's queue, and where its answer goes. */
    private record Pending(Idempotency.Key key, Shipment shipment, UniEmitter<? super Answer> answer) {
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
        Shipment route = batch.get(0).shipment();
        // Once the COMMIT is sent, the transaction ends whatever happens; before, a failure rolls it back.
        AtomicBoolean ending = new AtomicBoolean();
        return connection.query("BEGIN").execute()
                .flatMap(begun -> idempotency.claimAll(connection, batch.stream().map(Pending::key).toList(), now))
                .flatMap(fresh -> capacity.onSale(connection, route.origin(), route.destination(), now)
                        .flatMap(rooms -> {
                            List<Outcome> outcomes = new ArrayList<>();
                            List<Draft> drafts = new ArrayList<>();
                            List<Uni<Outcome>> replays = new ArrayList<>();
                            for (int i = 0; i < batch.size(); i++) {
                                Pending pending = batch.get(i);
                                if (fresh.get(i)) {
                                    Draft draft = draft(pending, pick(rooms, pending.shipment()), now);
                                    drafts.add(draft);
                                    outcomes.add(Outcome.of(new Answer(201, draft.body(), draft.view())));
                                } else {
                                    outcomes.add(null);
                                    replays.add(idempotency.replay(connection, pending.key())
                                            .map(stored -> Outcome.of(new Answer(stored.status(), stored.body(), null)))
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
                        }))
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
     * Sends the new bookings' rows, the claims of room (one per flight, for all its new bookings) and the COMMIT
     * together, in this order: PostgreSQL runs them one after the other, in this transaction.
     */
    private Uni<Void> write(SqlConnection connection, List<Draft> drafts, Instant now) {
        List<Uni<Void>> statements = new ArrayList<>();
        if (!drafts.isEmpty()) {
            statements.add(Booking.insertAll(connection, drafts.stream().map(Draft::booking).toList()));
            statements.add(Parcel.insertAll(connection, drafts.stream().flatMap(d -> d.parcels().stream()).toList()));
            statements.add(tracking.insertAll(connection, drafts.stream().flatMap(d -> d.events().stream()).toList()));
            statements.add(idempotency.completeAll(connection, drafts.stream().map(d -> d.pending().key()).toList(),
                    drafts.stream().map(Draft::body).toList()));
            Map<String, long[]> claims = new LinkedHashMap<>();
            for (Draft draft : drafts) {
                if (draft.booking().flightId != null) {
                    long[] claim = claims.computeIfAbsent(draft.booking().flightId, id -> new long[2]);
                    claim[0] += draft.booking().massGrams;
                    claim[1] += draft.booking().volumeCm3;
                }
            }
            claims.forEach((flight, claim) -> statements.add(capacity.claim(connection, flight, claim[0], claim[1], now)));
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
    private record Outcome(Answer answer, Throwable problem) {
        static Outcome of(Answer answer) {
            return new Outcome(answer, null);
        }

        static Outcome failed(Throwable problem) {
            return new Outcome(null, problem);
        }

        void settle(UniEmitter<? super Answer> emitter) {
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

    /** The partner's booking, in one round trip; another partner's is as unknown as one that does not exist. */
    public Uni<BookingView> find(UUID partner, UUID id) {
        return pool.preparedQuery(BOOKING).execute(Tuple.of(id, partner)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("you have no booking " + id);
            }
            List<BookingView.ParcelView> parcels = new ArrayList<>();
            Row first = null;
            for (Row row : rows) {
                first = first == null ? row : first;
                parcels.add(new BookingView.ParcelView(row.getString("tracking_number"),
                        Units.kg(row.getLong("parcel_mass_g")), row.getBigDecimal("length_cm").doubleValue(),
                        row.getBigDecimal("width_cm").doubleValue(), row.getBigDecimal("height_cm").doubleValue(),
                        row.getString("parcel_status")));
            }
            boolean onFlight = BookingStatus.CONFIRMED.name().equals(first.getString("status"));
            Instant opensAt = onFlight ? first.getOffsetDateTime("opens_at").toInstant() : null;
            return new BookingView(first.getUUID("id"), first.getString("status"), first.getString("origin"),
                    first.getString("destination"), onFlight ? new BookingView.FlightRef(first.getString("flight_id"),
                    opensAt, first.getOffsetDateTime("cutoff_at").toInstant()) : null,
                    onFlight ? opensAt.plus(config.gateway().deliveryLeadTime()) : null,
                    new BookingView.Money(first.getBigDecimal("price"), first.getString("currency")),
                    Units.kg(first.getLong("mass_g")), Units.m3(first.getLong("volume_cm3")),
                    Units.kg(first.getLong("chargeable_g")), parcels,
                    first.getOffsetDateTime("created_at").toInstant());
        });
    }

    /**
     * Cancels the booking until its flight's cutoff, putting its room back on sale. Cancelling a cancelled
     * booking answers it as it is.
     */
    public Uni<BookingView> cancel(UUID partner, String partnerName, UUID id) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> owned(partner, id, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(booking -> switch (booking.status) {
                            case CANCELLED -> Uni.createFrom().item(booking);
                            case WAITLISTED -> markCancelled(booking, now);
                            case CONFIRMED -> Flight.<Flight>findById(booking.flightId, LockModeType.PESSIMISTIC_WRITE)
                                    .flatMap(flight -> {
                                        if (flight.sealed || !now.isBefore(flight.cutoffAt)) {
                                            throw new ProblemException(ProblemType.CONFLICT, "booking " + id
                                                    + " can no longer be cancelled: sales for flight " + flight.id
                                                    + " closed at " + flight.cutoffAt
                                                    + (flight.sealed ? " and its manifest is sealed" : ""));
                                        }
                                        return capacity.release(flight.id, booking.massGrams, booking.volumeCm3)
                                                .chain(() -> markCancelled(booking, now));
                                    });
                        })
                        .flatMap(this::view))
                .call(view -> {
                    metrics.cancelled(partnerName);
                    return waitlist.place(view.origin(), view.destination());
                });
    }

    private Uni<Booking> markCancelled(Booking booking, Instant now) {
        booking.status = BookingStatus.CANCELLED;
        booking.updatedAt = now;
        return Parcel.<Parcel>list("bookingId", booking.id)
                .flatMap(parcels -> Multi.createFrom().iterable(parcels)
                        .onItem().transformToUniAndConcatenate(parcel -> tracking.append(parcel,
                                TrackingStatus.CANCELLED, regions.local(), "booking cancelled by the partner"))
                        .collect().asList())
                .replaceWith(booking);
    }

    /** A page of the partner's bookings, newest first, optionally of one status. */
    public Uni<BookingPage> list(UUID partner, BookingStatus status, BookingCursor after, int limit) {
        List<String> where = new ArrayList<>(List.of("partnerId = :partner"));
        Parameters parameters = Parameters.with("partner", partner);
        if (status != null) {
            where.add("status = :status");
            parameters.and("status", status);
        }
        if (after != null) {
            where.add("(createdAt < :createdAt or (createdAt = :createdAt and id < :id))");
            parameters.and("createdAt", after.createdAt()).and("id", after.id());
        }
        return Panache.withSession(() -> Booking.<Booking>find(String.join(" and ", where),
                                Sort.descending("createdAt", "id"), parameters)
                        .page(0, limit + 1).list()
                        .flatMap(bookings -> {
                            List<Booking> page = bookings.subList(0, Math.min(limit, bookings.size()));
                            String next = bookings.size() > limit
                                    ? BookingCursor.of(page.get(page.size() - 1)).encode() : null;
                            return views(page).map(views -> new BookingPage(views, next));
                        }));
    }

    private Uni<Booking> owned(UUID partner, UUID id, LockModeType lock) {
        var query = Booking.<Booking>find("id = ?1 and partnerId = ?2", id, partner);
        return (lock == null ? query : query.withLock(lock)).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("you have no booking " + id));
    }

    /** The views of a page of bookings, their parcels and flights read in one query each. */
    private Uni<List<BookingView>> views(List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = bookings.stream().map(b -> b.id).toList();
        List<String> flightIds = bookings.stream().map(b -> b.flightId).filter(Objects::nonNull).distinct().toList();
        Uni<Map<String, Flight>> flights = flightIds.isEmpty() ? Uni.createFrom().item(Map.of())
                : Flight.<Flight>list("id in ?1", flightIds)
                .map(list -> list.stream().collect(Collectors.toMap(f -> f.id, f -> f)));
        return flights.flatMap(byId -> Parcel.<Parcel>list("bookingId in ?1", Sort.by("position"), ids)
                .map(parcels -> {
                    Map<UUID, List<Parcel>> byBooking = parcels.stream()
                            .collect(Collectors.groupingBy(p -> p.bookingId));
                    return bookings.stream().map(b -> BookingView.of(b, byBooking.getOrDefault(b.id, List.of()),
                            b.flightId == null ? null : byId.get(b.flightId), config.gateway().deliveryLeadTime()))
                            .toList();
                }));
    }

    private Uni<BookingView> view(Booking booking) {
        return views(List.of(booking)).map(views -> views.get(0));
    }

    private String write(BookingView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a booking view always serialises", e);
        }
    }

    /**
     * What a booking request is answered.
     *
     * @param created the booking, when this request created it (not a replay)
     */
    public record Answer(int status, String body, BookingView created) {
    }

    /** The flight picked no longer had the room when claimed; the transaction is rolled back and retried. */
    private static final class RoomTaken extends RuntimeException {
        RoomTaken() {
            super("the flight filled up", null, false, false);
        }
    }

    public record BookingPage(List<BookingView> items, String nextCursor) {
    }
}
