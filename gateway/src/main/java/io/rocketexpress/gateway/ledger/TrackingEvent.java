package io.rocketexpress.gateway.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.rocketexpress.model.tracking.TrackingStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One step of a parcel's journey. */
@Entity
@Table(name = "tracking_event")
public class TrackingEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tracking_number", nullable = false)
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrackingStatus status;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** Region where it happened. */
    @Column(nullable = false)
    public String region;

    @Column
    public String detail;

    /** The flight whose progress caused the event, if one did. */
    @Column(name = "flight_id")
    public String flightId;
}
