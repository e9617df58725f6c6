package io.rocketexpress.gateway.retention;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migration V13 on a database that has lived under V12: every row, id and reference makes it into the monthly
 * partitions, and the database goes on writing events and their outbox as before. A database of its own, so
 * the migration runs on tables that hold rows.
 */
class PartitionMigrationTest {

    private static final String MIGRATIONS = "classpath:db/migration";
    // Snapshots of the rows as V12 had them, in id order: the columns V12 knew.
    private static final List<String> SNAPSHOTS = List.of(
            "SELECT json_agg(t ORDER BY id)::text FROM (SELECT id, tracking_number, status, occurred_at, region, detail,"
                    + " flight_id FROM tracking_event) t",
            "SELECT json_agg(t ORDER BY id)::text FROM (SELECT id, partner_id, event_id, state, attempts, created_at,"
                    + " next_attempt_at, claimed_until, finished_at, replayed_at FROM webhook_delivery) t",
            "SELECT json_agg(t ORDER BY delivery_id, attempt)::text FROM (SELECT delivery_id, attempt, attempted_at, url,"
                    + " response_status, error, duration_ms FROM webhook_attempt) t");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void everyRowIdAndReferenceSurvivesAndNewEventsGetLargerIdsAndTheirOutbox() throws SQLException {
        DataSource database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).locations(MIGRATIONS).target("12").load().migrate();
        List<String> before;
        long lastEvent;
        long lastDelivery;
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("""
                    INSERT INTO partner (id, name, created_at) VALUES
                        ('00000000-0000-0000-0000-00000000000a', 'with-endpoint', now()),
                        ('00000000-0000-0000-0000-00000000000b', 'without-endpoint', now());
                    INSERT INTO webhook_endpoint (partner_id, url, secret, created_at, updated_at)
                        VALUES ('00000000-0000-0000-0000-00000000000a', 'https://example.com/hook', 's', now(), now());
                    INSERT INTO booking (id, partner_id, origin, destination, status, mass_g, volume_cm3, chargeable_g,
                                         price, currency, created_at, updated_at)
                        SELECT ('00000000-0000-0000-0000-0000000001' || p)::uuid, ('00000000-0000-0000-0000-0000000000' || p)::uuid,
                               'hangzhou', 'dubai', 'WAITLISTED', 1000, 1000, 1000, 10, 'EUR', now(), now()
                        FROM (VALUES ('0a'), ('0b')) AS partners(p);
                    INSERT INTO parcel (tracking_number, booking_id, position, mass_g, length_cm, width_cm, height_cm, status,
                                        updated_at)
                        SELECT 'HGH-' || p, ('00000000-0000-0000-0000-0000000001' || p)::uuid, 0, 1000, 10, 10, 10,
                               'BOOKED', now()
                        FROM (VALUES ('0a'), ('0b')) AS partners(p);
                    -- A timeline spread over months, with a flight's events and a time the domain put ahead.
                    INSERT INTO tracking_event (tracking_number, status, occurred_at, region, detail, flight_id)
                        SELECT 'HGH-' || p, s, now() + make_interval(days => d), 'hangzhou', 'step ' || s, f
                        FROM (VALUES ('0a'), ('0b')) AS partners(p),
                             (VALUES ('WAITLISTED', -95, NULL), ('BOOKED', -64, NULL), ('MANIFESTED', -33, 'f-1'),
                                     ('LOADED', 0, 'f-1'), ('LAUNCHED', 40, 'f-1')) AS steps(s, d, f);
                    UPDATE webhook_delivery SET state = 'DELIVERED', attempts = 2, finished_at = now() WHERE id % 2 = 0;
                    INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url, response_status, error, duration_ms)
                        SELECT id, a, now(), 'https://example.com/hook', CASE a WHEN 1 THEN 500 ELSE 200 END,
                               CASE a WHEN 1 THEN 'status' END, 12
                        FROM webhook_delivery, generate_series(1, attempts) AS a;
                    """);
            assertThat(number(sql, "SELECT count(*) FROM webhook_delivery")).isEqualTo(5);
            assertThat(number(sql, "SELECT count(*) FROM webhook_attempt")).isEqualTo(4);
            before = snapshot(sql);
            lastEvent = number(sql, "SELECT max(id) FROM tracking_event");
            lastDelivery = number(sql, "SELECT max(id) FROM webhook_delivery");
        }

        Flyway.configure().dataSource(database).locations(MIGRATIONS).load().migrate();

        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            assertThat(snapshot(sql)).isEqualTo(before);
            assertThat(number(sql, "SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_v12'")).isZero();
            // Each row in its month's partition; an event recorded when it occurred, or when migrated if that was later.
            assertThat(number(sql, "SELECT count(*) FROM tracking_event WHERE recorded_at <> least(occurred_at, now())"
                    + " AND occurred_at <= now()")).isZero();
            assertThat(number(sql, "SELECT count(*) FROM tracking_event WHERE recorded_at > now()")).isZero();
            assertThat(number(sql, "SELECT count(DISTINCT tableoid) FROM tracking_event")).isEqualTo(4);
            assertThat(number(sql, "SELECT count(*) FROM tracking_event WHERE tableoid::regclass::text"
                    + " <> 'tracking_event_' || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY_MM')")).isZero();
            // The chain of references holds: attempt to delivery to event, each in the same month.
            assertThat(number(sql, "SELECT count(*) FROM webhook_delivery d JOIN tracking_event e"
                    + " ON e.id = d.event_id AND e.recorded_at = d.event_recorded_at")).isEqualTo(5);
            assertThat(number(sql, "SELECT count(*) FROM webhook_attempt a JOIN webhook_delivery d"
                    + " ON d.id = a.delivery_id AND d.event_recorded_at = a.event_recorded_at")).isEqualTo(4);
            assertThat(number(sql, "SELECT count(*) FROM webhook_delivery WHERE tableoid::regclass::text"
                    + " <> 'webhook_delivery_' || to_char(event_recorded_at AT TIME ZONE 'UTC', 'YYYY_MM')")).isZero();
            // This month and three ahead are ready.
            assertThat(number(sql, "SELECT count(*) FROM generate_series(0, 3) AS ahead WHERE to_regclass('webhook_attempt_'"
                    + " || to_char(now() AT TIME ZONE 'UTC' + make_interval(months => ahead), 'YYYY_MM')) IS NOT NULL"))
                    .isEqualTo(4);
            assertThatThrownBy(() -> sql.execute("INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, url,"
                    + " duration_ms, event_recorded_at) VALUES (" + (lastDelivery + 1000) + ", 1, now(), 'u', 1, now())"))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23503");
        }

        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("LISTEN tracking_event");
            sql.execute("INSERT INTO tracking_event (tracking_number, status, occurred_at, region)"
                    + " VALUES ('HGH-0a', 'LANDED', now(), 'dubai')");
            long event = number(sql, "SELECT max(id) FROM tracking_event");
            assertThat(event).isGreaterThan(lastEvent);
            assertThat(number(sql, "SELECT count(*) FROM webhook_delivery d JOIN tracking_event e"
                    + " ON e.id = d.event_id AND e.recorded_at = d.event_recorded_at"
                    + " WHERE d.event_id = " + event + " AND d.id > " + lastDelivery + " AND d.state = 'PENDING'"
                    + " AND d.partner_id = '00000000-0000-0000-0000-00000000000a'")).isEqualTo(1);
            PGNotification[] heard = connection.unwrap(PGConnection.class).getNotifications(5_000);
            assertThat(Arrays.stream(heard).map(PGNotification::getParameter)).contains("HGH-0a");
            // A flight's status comes once per parcel and flight, as V4's unique index had it.
            assertThatThrownBy(() -> sql.execute("INSERT INTO tracking_event (tracking_number, status, occurred_at,"
                    + " region, flight_id) VALUES ('HGH-0b', 'LOADED', now(), 'hangzhou', 'f-1')"))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
            sql.execute("INSERT INTO tracking_event (tracking_number, status, occurred_at, region, flight_id)"
                    + " VALUES ('HGH-0b', 'LOADED', now(), 'hangzhou', 'f-2')");
        }
    }

    private static List<String> snapshot(Statement sql) throws SQLException {
        List<String> tables = new java.util.ArrayList<>();
        for (String query : SNAPSHOTS) {
            try (ResultSet rows = sql.executeQuery(query)) {
                rows.next();
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static long number(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
