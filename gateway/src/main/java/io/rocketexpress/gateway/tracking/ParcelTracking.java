package io.rocketexpress.gateway.tracking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.rocketexpress.gateway.booking.Booking;
import io.rocketexpress.gateway.booking.BookingStatus;
import io.rocketexpress.gateway.booking.Parcel;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** Reads a partner's parcels' timelines and takes the last mile's reports on them. */
@ApplicationScoped
public class ParcelTracking {

    /** What a last-mile partner may report. */
    static final Set<TrackingStatus> LAST_MILE = EnumSet.of(
            TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED, TrackingStatus.DELIVERY_FAILED);

    private final TrackingLog log;

    ParcelTracking(TrackingLog log) {
        this.log = log;
    }

    /** The parcel's status and timeline; another partner's parcel is as unknown as a missing one. */
    public Uni<TrackingView> track(UUID partner, TrackingNumber number) {
        return Panache.withSession(() -> owned(partner, number, null)
                .flatMap(owned -> view(owned.parcel(), owned.booking())));
    }

    /** Succeeds when the parcel is the partner's; fails like {@link #track} otherwise. */
    public Uni<Void> requireOwned(UUID partner, TrackingNumber number) {
        return Panache.withSession(() -> owned(partner, number, null)).replaceWithVoid();
    }

    /**
     * Records a last-mile report, in the order a delivery goes.
     *
     * @throws ProblemException 400 for a status the last mile does not report, 409 out of order
     */
    public Uni<TrackingView> report(UUID partner, TrackingNumber number, LastMileReport report) {
        TrackingStatus status = lastMileStatus(report.status());
        if (status == TrackingStatus.DELIVERED && (report.recipient() == null || report.recipient().isBlank())) {
            throw ProblemException.invalid("recipient", "required for DELIVERED: who took the parcel");
        }
        return Panache.withTransaction(() -> owned(partner, number, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(owned -> log.append(owned.parcel(), status, owned.booking().destination, detail(status, report))
                        .replaceWith(owned)))
                .flatMap(owned -> Panache.withSession(() -> view(owned.parcel(), owned.booking())));
    }

    private static TrackingStatus lastMileStatus(String status) {
        try {
            TrackingStatus parsed = TrackingStatus.valueOf(status);
            if (LAST_MILE.contains(parsed)) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // Answered below like a status the last mile may not report.
        }
        throw ProblemException.invalid("status", "'" + status + "' is not a last-mile report; report one of "
                + LAST_MILE);
    }

    private static String detail(TrackingStatus status, LastMileReport report) {
        StringBuilder detail = new StringBuilder();
        if (status == TrackingStatus.DELIVERED) {
            detail.append("delivered to ").append(report.recipient().trim());
            if (report.proof() != null && !report.proof().isBlank()) {
                detail.append(" (proof: ").append(report.proof().trim()).append(')');
            }
        }
        if (report.detail() != null && !report.detail().isBlank()) {
            detail.append(detail.isEmpty() ? "" : "; ").append(report.detail().trim());
        }
        return detail.isEmpty() ? null : detail.toString();
    }

    private Uni<Owned> owned(UUID partner, TrackingNumber number, LockModeType lock) {
        var query = Parcel.<Parcel>find("trackingNumber", number.toString());
        return (lock == null ? query : query.withLock(lock)).firstResult()
                .flatMap(parcel -> parcel == null ? Uni.createFrom().<Owned>nullItem()
                        : Booking.<Booking>find("id = ?1 and partnerId = ?2", parcel.bookingId, partner).firstResult()
                        .map(booking -> booking == null ? null : new Owned(parcel, booking)))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "you have no parcel " + number));
    }

    private static Uni<TrackingView> view(Parcel parcel, Booking booking) {
        return TrackingEvent.<TrackingEvent>list("trackingNumber", Sort.by("id"), parcel.trackingNumber)
                .map(events -> new TrackingView(parcel.trackingNumber, parcel.status.name(), booking.origin,
                        booking.destination, booking.status == BookingStatus.CONFIRMED ? booking.flightId : null,
                        events.stream().map(TrackingView.Event::of).toList()));
    }

    private record Owned(Parcel parcel, Booking booking) {
    }
}
