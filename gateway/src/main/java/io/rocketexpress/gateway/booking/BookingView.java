package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.Units;
import io.rocketexpress.gateway.ledger.Parcel;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A booking as the partner sees it. */
@Schema(name = "Booking")
public record BookingView(
        UUID id,
        @Schema(description = "CONFIRMED, WAITLISTED or CANCELLED") String status,
        String origin,
        String destination,
        @Schema(description = "The flight carrying the parcels; absent while waitlisted") FlightRef flight,
        @Schema(description = "When the parcels should be at the door") Instant estimatedDeliveryAt,
        Money price,
        double massKg,
        double volumeM3,
        @Schema(description = "Mass charged for: per parcel the larger of actual and volumetric mass") double chargeableKg,
        List<ParcelView> parcels,
        Instant createdAt) {

    static BookingView of(Booking booking, List<Parcel> parcels, Flight flight, Duration leadTime) {
        boolean onFlight = flight != null && booking.status == BookingStatus.CONFIRMED;
        return new BookingView(booking.id, booking.status.name(), booking.origin, booking.destination,
                onFlight ? new FlightRef(flight.id, flight.opensAt, flight.cutoffAt) : null,
                onFlight ? flight.opensAt.plus(leadTime) : null,
                new Money(booking.price, booking.currency),
                Units.kg(booking.massGrams), Units.m3(booking.volumeCm3), Units.kg(booking.chargeableGrams),
                parcels.stream().map(ParcelView::of).toList(), booking.createdAt);
    }

    /** @param cutoffAt until when the booking may be cancelled */
    public record FlightRef(String id, Instant opensAt, Instant cutoffAt) {
    }

    public record Money(BigDecimal amount, String currency) {
    }

    public record ParcelView(String trackingNumber, double massKg, double lengthCm, double widthCm, double heightCm,
                             String status) {
        static ParcelView of(Parcel parcel) {
            return new ParcelView(parcel.trackingNumber, Units.kg(parcel.massGrams), parcel.lengthCm,
                    parcel.widthCm, parcel.heightCm, parcel.status.name());
        }
    }
}
