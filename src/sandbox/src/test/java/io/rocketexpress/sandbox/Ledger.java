package io.rocketexpress.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What a region's gateway database holds, read over JDBC after a scenario: the bookings of some partners with
 * their parcels and first tracking events, their Idempotency-Keys, and every flight's capacity accounting. The
 * checks name every booking or flight that breaks an invariant.
 */
final class Ledger {

    /** A booking as stored, with its parcels' tracking numbers in order and how many first events each has. */
    record StoredBooking(UUID id, UUID partner, String status, String flight, long massGrams, long volumeCm3,
                         List<String> parcels, List<Integer> firstEvents) {
    }

    /** A flight's capacity and what is booked on it, by its counters and by the sum of its confirmed bookings. */
    record FlightAccount(String id, long capacityGrams, long capacityCm3, long bookedGrams, long bookedCm3,
                         long confirmedGrams, long confirmedCm3, long confirmedParcelGrams, long confirmedParcels) {

        boolean oversold() {
            return bookedGrams > capacityGrams || bookedCm3 > capacityCm3 || confirmedGrams > capacityGrams
                    || confirmedCm3 > capacityCm3;
        }

        boolean countersExact() {
            return bookedGrams == confirmedGrams && bookedCm3 == confirmedCm3 && confirmedGrams == confirmedParcelGrams;
        }
    }

    private final DataSource database;
    private final Collection<UUID> partners;
    private final Map<UUID, StoredBooking> bookings = new LinkedHashMap<>();
    /** Each (partner, Idempotency-Key) stored, with the booking id its answer names. */
    private final Map<String, UUID> keys = new HashMap<>();
    private final Map<String, FlightAccount> flights = new LinkedHashMap<>();

    private Ledger(DataSource database, Collection<UUID> partners) {
        this.database = database;
        this.partners = partners;
    }

    /** Reads the bookings and keys of these partners, and every flight. */
    static Ledger read(DataSource database, Collection<UUID> partners) {
        Ledger ledger = new Ledger(database, partners);
        try (Connection connection = database.getConnection()) {
            Array ids = connection.createArrayOf("uuid", partners.toArray());
            ledger.readBookings(connection, ids);
            ledger.readKeys(connection, ids);
            ledger.readFlights(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the ledger: " + e.getMessage(), e);
        }
        return ledger;
    }

    private void readBookings(Connection connection, Array partners) throws SQLException {
        Map<UUID, List<String>> parcels = new HashMap<>();
        Map<UUID, List<Integer>> firstEvents = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.booking_id, p.tracking_number,"
                // A parcel waitlisted, then booked once a flight with room appeared, has one first event of each.
                + " (SELECT greatest(count(*) FILTER (WHERE e.status = 'BOOKED'),"
                + "   count(*) FILTER (WHERE e.status = 'WAITLISTED')) FROM tracking_event e"
                + "   WHERE e.tracking_number = p.tracking_number)"
                + " FROM parcel p JOIN booking b ON b.id = p.booking_id WHERE b.partner_id = ANY (?)"
                + " ORDER BY p.booking_id, p.position")) {
            statement.setArray(1, partners);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID booking = rows.getObject(1, UUID.class);
                    parcels.computeIfAbsent(booking, b -> new ArrayList<>()).add(rows.getString(2));
                    firstEvents.computeIfAbsent(booking, b -> new ArrayList<>()).add(rows.getInt(3));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, partner_id, status, flight_id,"
                + " mass_g, volume_cm3 FROM booking WHERE partner_id = ANY (?)")) {
            statement.setArray(1, partners);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    bookings.put(id, new StoredBooking(id, rows.getObject(2, UUID.class), rows.getString(3),
                            rows.getString(4), rows.getLong(5), rows.getLong(6),
                            parcels.getOrDefault(id, List.of()), firstEvents.getOrDefault(id, List.of())));
                }
            }
        }
    }

    private void readKeys(Connection connection, Array partners) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT partner_id, idempotency_key,"
                + " (response_body::jsonb ->> 'id') FROM idempotency_record WHERE partner_id = ANY (?)")) {
            statement.setArray(1, partners);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String booking = rows.getString(3);
                    keys.put(rows.getObject(1, UUID.class) + " " + rows.getString(2),
                            booking == null ? null : UUID.fromString(booking));
                }
            }
        }
    }

    private void readFlights(Connection connection) throws SQLException {
        String confirmed = " FROM booking b WHERE b.flight_id = f.id AND b.status = 'CONFIRMED'";
        try (PreparedStatement statement = connection.prepareStatement("SELECT f.id, f.capacity_g, f.capacity_cm3,"
                + " f.booked_g, f.booked_cm3,"
                + " (SELECT COALESCE(sum(b.mass_g), 0)" + confirmed + "),"
                + " (SELECT COALESCE(sum(b.volume_cm3), 0)" + confirmed + "),"
                + " (SELECT COALESCE(sum(p.mass_g), 0) FROM parcel p JOIN booking b ON b.id = p.booking_id"
                + " WHERE b.flight_id = f.id AND b.status = 'CONFIRMED'),"
                + " (SELECT count(*) FROM parcel p JOIN booking b ON b.id = p.booking_id"
                + " WHERE b.flight_id = f.id AND b.status = 'CONFIRMED')"
                + " FROM flight f ORDER BY f.id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                FlightAccount flight = new FlightAccount(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                        rows.getLong(9));
                flights.put(flight.id(), flight);
            }
        }
    }

    Optional<StoredBooking> booking(UUID id) {
        return Optional.ofNullable(bookings.get(id));
    }

    Collection<StoredBooking> bookings() {
        return bookings.values();
    }

    /**
     * The booking a key's stored answer names; empty when the key is not stored (its request was not committed).
     */
    Optional<UUID> bookingOfKey(UUID partner, String key) {
        return Optional.ofNullable(keys.get(partner + " " + key));
    }

    boolean keyStored(UUID partner, String key) {
        return keys.containsKey(partner + " " + key);
    }

    Map<String, FlightAccount> flights() {
        return flights;
    }

    /**
     * What is wrong with an accepted booking as stored: missing, or not as answered (status, flight, parcels), or
     * parcels without exactly one first tracking event. Empty when it is whole.
     *
     * @param cancelled bookings cancelled since they were accepted
     */
    Optional<String> problemWith(BookingLoad.Attempt accepted, java.util.Set<UUID> cancelled) {
        JsonNode answer = accepted.booking();
        UUID id = accepted.bookingId();
        StoredBooking stored = bookings.get(id);
        if (stored == null) {
            return Optional.of("booking " + id + " (key " + accepted.key() + ") answered 201 but is not stored");
        }
        String expected = cancelled.contains(id) ? "CANCELLED" : answer.path("status").asText();
        // Waitlisted, then confirmed once a flight with room appeared: the waitlist at work, not a change.
        boolean promoted = "WAITLISTED".equals(expected) && "CONFIRMED".equals(stored.status());
        if (!stored.status().equals(expected) && !promoted) {
            return Optional.of("booking " + id + " is " + stored.status() + ", expected " + expected);
        }
        String flight = answer.path("flight").path("id").asText(null);
        if (flight != null && !flight.equals(stored.flight())) {
            return Optional.of("booking " + id + " is on flight " + stored.flight() + ", answered " + flight);
        }
        if (!stored.parcels().equals(accepted.trackingNumbers())
                || stored.parcels().size() != accepted.order().parcels().size()) {
            return Optional.of("booking " + id + " holds parcels " + stored.parcels() + ", answered "
                    + accepted.trackingNumbers());
        }
        if (stored.firstEvents().stream().anyMatch(count -> count != 1)) {
            return Optional.of("booking " + id + "'s parcels have " + stored.firstEvents() + " first events, not one each");
        }
        if (!stored.partner().equals(accepted.order().partner().id())) {
            return Optional.of("booking " + id + " belongs to another partner");
        }
        return Optional.empty();
    }

    /** Bookings no stored Idempotency-Key names: made twice, or made without a key. */
    List<UUID> bookingsWithoutKey() {
        java.util.Set<UUID> named = new java.util.HashSet<>(keys.values());
        return bookings.keySet().stream().filter(id -> !named.contains(id)).toList();
    }

    /** Parcels with more than one first event: booked twice. */
    long parcelsBookedTwice() {
        return bookings.values().stream().flatMap(b -> b.firstEvents().stream()).filter(count -> count > 1).count();
    }

    /** Flights booked beyond their capacity. */
    List<FlightAccount> oversold() {
        return flights.values().stream().filter(FlightAccount::oversold).toList();
    }

    /** Flights whose counters differ from the sum of their confirmed bookings and parcels. */
    List<FlightAccount> inexact() {
        return flights.values().stream().filter(flight -> !flight.countersExact()).toList();
    }

    /** Every tracking event of the partners' parcels as it is stored now, as "tracking number, status". */
    java.util.Set<String> events() {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT e.tracking_number, e.status"
                     + " FROM tracking_event e JOIN parcel p ON p.tracking_number = e.tracking_number"
                     + " JOIN booking b ON b.id = p.booking_id WHERE b.partner_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", partners.toArray()));
            java.util.Set<String> events = new java.util.HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the partners' events", e);
        }
    }

    /**
     * The webhook outbox of the partners as stored now.
     *
     * @param states                their deliveries by state (PENDING, DELIVERED, DEAD, CANCELLED)
     * @param eventsWithoutDelivery tracking events of their parcels that have no delivery row
     * @param mostAttempts          the most attempts one delivery took
     * @param failedAttempts        attempts the endpoint did not answer with a 2xx
     * @param longestRetried        the longest time between a delivery's first and last attempt
     * @param lastFinished          when the last delivery was finished (delivered or given up); null if none was
     */
    record Outbox(Map<String, Long> states, long eventsWithoutDelivery, int mostAttempts, long failedAttempts,
                  java.time.Duration longestRetried, java.time.Instant lastFinished) {

        long in(String state) {
            return states.getOrDefault(state, 0L);
        }
    }

    /** The partners' webhook deliveries and attempts, read from the outbox tables. */
    Outbox outbox() {
        try (Connection connection = database.getConnection()) {
            Array ids = connection.createArrayOf("uuid", partners.toArray());
            Map<String, Long> states = new java.util.TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT state, count(*)"
                    + " FROM webhook_delivery WHERE partner_id = ANY (?) GROUP BY state")) {
                statement.setArray(1, ids);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        states.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT"
                    + " (SELECT count(*) FROM tracking_event e JOIN parcel p ON p.tracking_number = e.tracking_number"
                    + "   JOIN booking b ON b.id = p.booking_id WHERE b.partner_id = ANY (?) AND NOT EXISTS"
                    + "   (SELECT 1 FROM webhook_delivery d WHERE d.partner_id = b.partner_id AND d.event_id = e.id"
                    + "      AND d.event_recorded_at = e.recorded_at)),"
                    + " (SELECT coalesce(max(d.attempts), 0) FROM webhook_delivery d WHERE d.partner_id = ANY (?)),"
                    + " (SELECT count(*) FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id"
                    + "   AND d.event_recorded_at = a.event_recorded_at"
                    + "   WHERE d.partner_id = ANY (?) AND (a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299)),"
                    + " (SELECT coalesce(max(span), 0) FROM (SELECT extract(epoch FROM max(a.attempted_at) - min(a.attempted_at))"
                    + "   * 1000 AS span FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id"
                    + "   AND d.event_recorded_at = a.event_recorded_at"
                    + "   WHERE d.partner_id = ANY (?) GROUP BY a.delivery_id) spans),"
                    + " (SELECT max(d.finished_at) FROM webhook_delivery d WHERE d.partner_id = ANY (?))")) {
                for (int i = 1; i <= 5; i++) {
                    statement.setArray(i, ids);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    java.sql.Timestamp last = rows.getTimestamp(5);
                    return new Outbox(states, rows.getLong(1), rows.getInt(2), rows.getLong(3),
                            java.time.Duration.ofMillis(Math.round(rows.getDouble(4))),
                            last == null ? null : last.toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the webhook outbox", e);
        }
    }

    /**
     * How many of the partners' webhook endpoints have failed at least this many attempts in a row: at the breaker's
     * threshold, their breaker has opened (it stays counted until a delivery succeeds).
     */
    long endpointsFailing(int inARow) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM webhook_endpoint"
                     + " WHERE partner_id = ANY (?) AND failures >= ?")) {
            statement.setArray(1, connection.createArrayOf("uuid", partners.toArray()));
            statement.setInt(2, inARow);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the webhook endpoints", e);
        }
    }

    /** The statuses of every confirmed parcel on these flights, in the order they were written, by tracking number. */
    Map<String, List<String>> journeys(Collection<String> flights) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT p.tracking_number, e.status"
                     + " FROM parcel p JOIN booking b ON b.id = p.booking_id"
                     + " JOIN tracking_event e ON e.tracking_number = p.tracking_number"
                     + " WHERE b.flight_id = ANY (?) AND b.status = 'CONFIRMED' ORDER BY p.tracking_number, e.id")) {
            statement.setArray(1, connection.createArrayOf("text", flights.toArray()));
            Map<String, List<String>> journeys = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    journeys.computeIfAbsent(rows.getString(1), n -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            return journeys;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the journeys of " + flights, e);
        }
    }

    /**
     * A flight's manifest as the gateway recorded its sealing.
     *
     * @param manifested the MANIFESTED events written for the flight's parcels
     * @param confirmed  the parcels confirmed on the flight
     */
    record Seal(String flight, boolean sealed, String manifestId, long manifested, long confirmed) {
    }

    /** How a flight's manifest was sealed; null when the flight is not in the schedule. */
    Seal seal(String flight) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT f.sealed, f.manifest_id,"
                     + " (SELECT count(*) FROM tracking_event e WHERE e.flight_id = f.id AND e.status = 'MANIFESTED'),"
                     + " (SELECT count(*) FROM parcel p JOIN booking b ON b.id = p.booking_id"
                     + "   WHERE b.flight_id = f.id AND b.status = 'CONFIRMED')"
                     + " FROM flight f WHERE f.id = ?")) {
            statement.setString(1, flight);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new Seal(flight, rows.getBoolean(1), rows.getString(2), rows.getLong(3),
                        rows.getLong(4)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the seal of " + flight, e);
        }
    }

    /** The ids of a parcel's tracking events, in order. */
    List<Long> timeline(String trackingNumber) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id FROM tracking_event WHERE tracking_number = ? ORDER BY id")) {
            statement.setString(1, trackingNumber);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the timeline of " + trackingNumber, e);
        }
    }
}
