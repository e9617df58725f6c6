package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

    /** Writes new bookings in one statement on the caller's connection. */
    static Uni<Void> insertAll(SqlConnection connection, List<Booking> bookings) {
        if (bookings.size() == 1) {
            // A plain insert costs PostgreSQL less than the array form when there is one row.
            Booking b = bookings.get(0);
            return connection.preparedQuery("INSERT INTO booking (id, partner_id, origin, destination, status,"
                            + " flight_id, mass_g, volume_cm3, chargeable_g, price, currency, created_at, updated_at)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
                    .execute(Tuple.from(new Object[] {b.id, b.partnerId, b.origin, b.destination, b.status.name(),
                            b.flightId, b.massGrams, b.volumeCm3, b.chargeableGrams, b.price, b.currency,
                            b.createdAt.atOffset(ZoneOffset.UTC)}))
                    .replaceWithVoid();
        }
        int size = bookings.size();
        UUID[] ids = new UUID[size];
        UUID[] partners = new UUID[size];
        String[] origins = new String[size];
        String[] destinations = new String[size];
        String[] statuses = new String[size];
        String[] flights = new String[size];
        Long[] grams = new Long[size];
        Long[] cm3 = new Long[size];
        Long[] chargeable = new Long[size];
        String[] prices = new String[size];
        String[] currencies = new String[size];
        OffsetDateTime[] created = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Booking booking = bookings.get(i);
            ids[i] = booking.id;
            partners[i] = booking.partnerId;
            origins[i] = booking.origin;
            destinations[i] = booking.destination;
            statuses[i] = booking.status.name();
            flights[i] = booking.flightId;
            grams[i] = booking.massGrams;
            cm3[i] = booking.volumeCm3;
            chargeable[i] = booking.chargeableGrams;
            prices[i] = booking.price.toPlainString();
            currencies[i] = booking.currency;
            created[i] = booking.createdAt.atOffset(ZoneOffset.UTC);
        }
        return connection.preparedQuery("INSERT INTO booking (id, partner_id, origin, destination, status, flight_id,"
                        + " mass_g, volume_cm3, chargeable_g, price, currency, created_at, updated_at)"
                        + " SELECT i, p, o, d, s, f, g, v, c, pr::numeric, cu, t, t FROM unnest($1::uuid[], $2::uuid[],"
                        + " $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::int8[], $9::int8[],"
                        + " $10::text[], $11::text[], $12::timestamptz[]) AS b(i, p, o, d, s, f, g, v, c, pr, cu, t)")
                .execute(Tuple.from(new Object[] {ids, partners, origins, destinations, statuses, flights, grams, cm3,
                        chargeable, prices, currencies, created}))
                .replaceWithVoid();
    }
}
