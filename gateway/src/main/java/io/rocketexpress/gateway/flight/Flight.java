package io.rocketexpress.gateway.flight;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.rocketexpress.model.launch.LaunchPhase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import java.time.Instant;

/**
 * A Launch as the gateway sells it: route, window, sales cutoff, capacity and what is booked of it.
 * Mass in grams and volume in cubic centimetres keep capacity sums exact.
 */
@Entity
@Table(name = "flight")
// Writers each own a few columns (the schedule its window, bookings their capacity, the sealer the seal):
// an update writes only what it changed, never a stale copy of the rest.
@DynamicUpdate
public class Flight extends PanacheEntityBase {

    /** Name of the Launch. */
    @Id
    public String id;

    @Column(nullable = false)
    public String origin;

    @Column(nullable = false)
    public String destination;

    @Column(name = "opens_at", nullable = false)
    public Instant opensAt;

    @Column(name = "closes_at", nullable = false)
    public Instant closesAt;

    @Column(name = "cutoff_at", nullable = false)
    public Instant cutoffAt;

    @Column(name = "capacity_g", nullable = false)
    public long capacityGrams;

    @Column(name = "capacity_cm3", nullable = false)
    public long capacityCm3;

    @Column(name = "booked_g", nullable = false)
    public long bookedGrams;

    @Column(name = "booked_cm3", nullable = false)
    public long bookedCm3;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LaunchPhase phase;

    @Column(nullable = false)
    public boolean sealed;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Id of the sealed manifest, as written to the Launch. */
    @Column(name = "manifest_id")
    public String manifestId;

    @Column(name = "sealed_at")
    public Instant sealedAt;

    /** The sealing under way, if any: who claimed it and until when the claim holds. */
    @Column(name = "sealing_claim")
    public String sealingClaim;

    @Column(name = "sealing_until")
    public Instant sealingUntil;

    /** The last Launch phase whose tracking events every parcel on the flight has. */
    @Enumerated(EnumType.STRING)
    @Column(name = "timeline_phase")
    public LaunchPhase timelinePhase;

    /** True while parcels may still be booked onto the flight (room aside). */
    public boolean onSale(Instant now) {
        return !sealed && now.isBefore(cutoffAt)
                && phase.isOnSale();
    }

    public long remainingGrams() {
        return Math.max(0, capacityGrams - bookedGrams);
    }

    public long remainingCm3() {
        return Math.max(0, capacityCm3 - bookedCm3);
    }
}
