package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightCapacity;
import io.rocketexpress.gateway.flight.Units;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.gateway.ledger.TrackingLog;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.gateway.quote.Shipment;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** Books shipments onto flights, cancels them, and reads them back for their partner only. */
@ApplicationScoped
public class BookingService {

    /** A booking of the partner's, its flight and its parcels in order. */
    private static final String BOOKING = "SELECT b.id, b.status, b.origin, b.destination, b.flight_id, f.opens_at,"
            + " f.cutoff_at, b.price, b.currency, b.mass_g, b.volume_cm3, b.chargeable_g, b.created_at,"
            + " p.tracking_number, p.mass_g AS parcel_mass_g, p.length_cm, p.width_cm, p.height_cm,"
            + " p.status AS parcel_status"
            + " FROM booking b LEFT JOIN flight f ON f.id = b.flight_id JOIN parcel p ON p.booking_id = b.id"
            + " WHERE b.id = $1 AND b.partner_id = $2 ORDER BY p.position";

    private final BookingBatches batches;
    private final FlightCapacity capacity;
    private final TrackingLog tracking;
    private final Waitlist waitlist;
    private final Regions regions;
    private final GatewayConfig config;
    private final BookingMetrics metrics;
    private final Clock clock;
    private final Pool pool;

    BookingService(BookingBatches batches, FlightCapacity capacity, TrackingLog tracking, Waitlist waitlist,
                   Regions regions, GatewayConfig config, BookingMetrics metrics, Clock clock, Pool pool) {
        this.batches = batches;
        this.capacity = capacity;
        this.tracking = tracking;
        this.waitlist = waitlist;
        this.regions = regions;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Books the shipment onto the earliest flight of its route with room for all of it, or waitlists it; see
     * {@link BookingBatches}. A retry with the same Idempotency-Key replays the first answer.
     */
    public Uni<Answer> book(UUID partner, String partnerName, String idempotencyKey, String requestHash,
                            Shipment shipment) {
        return batches.book(new Idempotency.Key(partner, idempotencyKey, requestHash), shipment)
                .invoke(answer -> {
                    if (answer.created() != null) {
                        metrics.booked(partnerName, BookingStatus.valueOf(answer.created().status()),
                                answer.created().parcels().size());
                    }
                });
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
     * booking answers it as it is, at once: nothing is counted or offered to the waitlist again.
     */
    public Uni<BookingView> cancel(UUID partner, String partnerName, UUID id) {
        Instant now = clock.instant();
        AtomicBoolean cancelledNow = new AtomicBoolean();
        return Panache.withTransaction(() -> owned(partner, id, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(booking -> switch (booking.status) {
                            case CANCELLED -> Uni.createFrom().item(booking);
                            case WAITLISTED -> {
                                cancelledNow.set(true);
                                yield markCancelled(booking, now);
                            }
                            case CONFIRMED -> Flight.<Flight>findById(booking.flightId, LockModeType.PESSIMISTIC_WRITE)
                                    .flatMap(flight -> {
                                        if (flight.sealed || !now.isBefore(flight.cutoffAt)) {
                                            throw new ProblemException(ProblemType.CONFLICT, "booking " + id
                                                    + " can no longer be cancelled: sales for flight " + flight.id
                                                    + " closed at " + flight.cutoffAt
                                                    + (flight.sealed ? " and its manifest is sealed" : ""));
                                        }
                                        cancelledNow.set(true);
                                        return capacity.release(flight.id, booking.massGrams, booking.volumeCm3)
                                                .chain(() -> markCancelled(booking, now));
                                    });
                        })
                        .flatMap(this::view))
                .call(view -> {
                    if (!cancelledNow.get()) {
                        return Uni.createFrom().voidItem();
                    }
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

    /**
     * What a booking request is answered.
     *
     * @param created the booking, when this request created it (not a replay)
     */
    public record Answer(int status, String body, BookingView created) {
    }

    public record BookingPage(List<BookingView> items, String nextCursor) {
    }
}
