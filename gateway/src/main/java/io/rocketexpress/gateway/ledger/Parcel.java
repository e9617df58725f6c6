package io.rocketexpress.gateway.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

    /** Writes new parcels in one statement on the caller's connection. */
    public static Uni<Void> insertAll(SqlConnection connection, List<Parcel> parcels) {
        int size = parcels.size();
        String[] numbers = new String[size];
        UUID[] bookings = new UUID[size];
        Integer[] positions = new Integer[size];
        Long[] grams = new Long[size];
        Double[] lengths = new Double[size];
        Double[] widths = new Double[size];
        Double[] heights = new Double[size];
        String[] statuses = new String[size];
        OffsetDateTime[] updated = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Parcel parcel = parcels.get(i);
            numbers[i] = parcel.trackingNumber;
            bookings[i] = parcel.bookingId;
            positions[i] = parcel.position;
            grams[i] = parcel.massGrams;
            lengths[i] = parcel.lengthCm;
            widths[i] = parcel.widthCm;
            heights[i] = parcel.heightCm;
            statuses[i] = parcel.status.name();
            updated[i] = parcel.updatedAt.atOffset(ZoneOffset.UTC);
        }
        return connection.preparedQuery("INSERT INTO parcel (tracking_number, booking_id, position, mass_g, length_cm,"
                        + " width_cm, height_cm, status, updated_at) SELECT * FROM unnest($1::text[], $2::uuid[],"
                        + " $3::int4[], $4::int8[], $5::float8[], $6::float8[], $7::float8[], $8::text[],"
                        + " $9::timestamptz[])")
                .execute(Tuple.from(new Object[] {numbers, bookings, positions, grams, lengths, widths, heights,
                        statuses, updated}))
                .replaceWithVoid();
    }
}
