package io.rocketexpress.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;

/** One PostgreSQL server from embedded binaries, holding a database per gateway. */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start() {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
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
        return new Database(name, postgres.getPort());
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
