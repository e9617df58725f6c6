package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A partner's order to fly parcels from this region to another. */
@Entity
@Table(name = "booking")
public class Booking extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partner_id", nullable = false)
    public UUID partnerId;

    @Column(nullable = false)
    public String origin;

    @Column(nullable = false)
    public String destination;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BookingStatus status;

    /** The flight holding its room; none while waitlisted. */
    @Column(name = "flight_id")
    public String flightId;

    @Column(name = "mass_g", nullable = false)
    public long massGrams;

    @Column(name = "volume_cm3", nullable = false)
    public long volumeCm3;

    @Column(name = "chargeable_g", nullable = false)
    public long chargeableGrams;

    @Column(nullable = false)
    public BigDecimal price;

    @Column(nullable = false)
    public String currency;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
