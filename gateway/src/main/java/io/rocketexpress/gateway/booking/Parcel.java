package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.rocketexpress.model.tracking.TrackingStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One parcel of a booking, known to the world by its tracking number. */
@Entity
@Table(name = "parcel")
public class Parcel extends PanacheEntityBase {

    @Id
    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "booking_id", nullable = false)
    public UUID bookingId;

    /** Its place in the booking's list of parcels. */
    @Column(nullable = false)
    public int position;

    @Column(name = "mass_g", nullable = false)
    public long massGrams;

    @Column(name = "length_cm", nullable = false)
    public double lengthCm;

    @Column(name = "width_cm", nullable = false)
    public double widthCm;

    @Column(name = "height_cm", nullable = false)
    public double heightCm;

    /** The status of its latest tracking event. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrackingStatus status;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
