package io.rocketexpress.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import javax.sql.DataSource;

/** One PostgreSQL server from embedded binaries, holding a database per gateway. */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path data;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path data, EmbeddedPostgres postgres) {
        this.data = data;
        this.port = postgres.getPort();
        this.postgres = postgres;
    }

    /** Starts a server on a new data directory of its own, removed when the server is closed. */
    public static EmbeddedDatabase start() {
        try {
            Path data = Files.createTempDirectory("rocketexpress-pg");
            return new EmbeddedDatabase(data, server(data, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
        }
    }

    /** A server on this data directory (made by initdb if empty), kept when the server stops. */
    private static EmbeddedPostgres server(Path data, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * Stops the server, as a database restart or failover takes it away: clients' connections are closed and new
     * ones refused. Its data stays for {@link #startAgain()}.
     */
    public synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not stop", e);
        }
    }

    /** Starts the stopped server again on the same port and data, as it was. */
    public synchronized void startAgain() {
        try {
            postgres = server(data, port);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start again", e);
        }
    }

    /** The server's process id (its postmaster's, from the data directory), or -1 when it cannot be read. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Creates an empty database; its schema is the migrating application's business. */
    public Database create(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database(name, port);
    }

    /** Runs one statement with parameters on a database of this server. */
    public void update(Database database, String sql, Object... parameters) {
        try (Connection connection = postgres.getDatabase(USER, database.name()).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to database " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC data source of one database of this server, for seeding and checks. */
    public DataSource dataSource(Database database) {
        return postgres.getDatabase(USER, database.name());
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + data + ": " + e.getMessage());
            }
        }
    }

    /** A database of the embedded server, addressed the two ways the gateway connects. */
    public record Database(String name, int port) {

        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://localhost:" + port + "/" + name;
        }

        /** The settings that point a Quarkus application's datasource, reactive and JDBC, at this database. */
        public Map<String, String> quarkusSettings() {
            return Map.of("quarkus.datasource.username", USER, "quarkus.datasource.password", PASSWORD,
                    "quarkus.datasource.reactive.url", reactiveUrl(), "quarkus.datasource.jdbc.url", jdbcUrl());
        }
    }
}
