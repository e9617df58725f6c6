package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;
import io.rocketexpress.sandbox.EmbeddedDatabase;
import io.rocketexpress.sandbox.ServiceProcess;
import io.rocketexpress.sandbox.Started;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bench measures, started on this machine: one embedded PostgreSQL server with a database for the
 * gateway and one for the baseline; an in-process cluster whose Launches are the gateway's schedule; the
 * gateway as its packaged application and the baseline, each in a JVM of its own with the same heap. Both
 * databases end up holding the same flights, partners and keys: the gateway builds its flights from the
 * cluster and issues the keys, and those rows are copied to the baseline's database.
 */
final class BenchNetwork implements AutoCloseable {

    static final String ORIGIN = "hangzhou";
    static final String ORIGIN_CODE = "HGH";
    /** Twenty routes out of the origin, each with one flight: the spread workloads book over all of them. */
    static final int ROUTES = 20;
    static final int PARTNERS = 4;
    private static final String NAMESPACE = "rocket-express";
    private static final String ADMIN_KEY = "bench-admin-key";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Started running = new Started();
    private Compilers gatewayCompilers;
    private Compilers baselineCompilers;
    private ProcessCpu gatewayCpu = ProcessCpu.UNKNOWN;
    private ProcessCpu baselineCpu = ProcessCpu.UNKNOWN;
    private final BenchSettings settings;
    private EmbeddedDatabase postgres;
    private EmbeddedDatabase.Database gatewayDatabase;
    private EmbeddedDatabase.Database baselineDatabase;
    private URI gateway;
    private URI gatewayManagement;
    private URI baseline;
    private final List<String> keys = new ArrayList<>();

    /** The key webhook secrets are encrypted under at rest (base64 of 32 bytes), as a region's Secret holds it. */
    private static final String WEBHOOK_SECRETS_KEY = java.util.Base64.getEncoder()
            .encodeToString("bench-webhook-secrets-key-32-byt".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private BenchNetwork(BenchSettings settings) {
        this.settings = settings;
    }

    static BenchNetwork start(BenchSettings settings) {
        BenchNetwork network = new BenchNetwork(settings);
        try {
            network.startAll();
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    static String destination(int route) {
        return String.format("route-%02d", route + 1);
    }

    private static String code(int route) {
        return "R" + (char) ('A' + route / 26) + (char) ('A' + route % 26);
    }

    private void startAll() {
        ServiceProcess.requireBuilt("gateway", settings.gatewayApp());
        postgres = EmbeddedDatabase.start();
        running.add(postgres);
        gatewayDatabase = postgres.create("gateway");
        baselineDatabase = postgres.create("baseline");
        LocalCluster cluster = new LocalCluster();
        running.add(cluster);
        publishSchedule(cluster.client());

        gateway = URI.create("http://127.0.0.1:" + Started.freePort());
        gatewayManagement = URI.create("http://127.0.0.1:" + Started.freePort());
        ServiceProcess gatewayProcess = ServiceProcess.start("gateway", settings.gatewayApp(),
                gatewayConfiguration(cluster), settings.work().resolve("logs/gateway.log"));
        running.add(gatewayProcess);
        gatewayCompilers = Compilers.of(gatewayProcess.pid());
        gatewayCpu = ProcessCpu.of(gatewayProcess.pid());
        gatewayProcess.awaitReady(gatewayManagement.resolve("/q/health/ready"), START_TIMEOUT);
        awaitFlights();
        for (int i = 0; i < PARTNERS; i++) {
            keys.add(createPartner("Bench Partner " + (i + 1)));
        }

        Flyway.configure().dataSource(dataSource(baselineDatabase))
                .locations("filesystem:" + settings.migrations()).load().migrate();
        for (String table : List.of("partner", "api_key", "flight")) {
            copy(table);
        }
        baseline = URI.create("http://127.0.0.1:" + Started.freePort());
        ServiceProcess baselineProcess = ServiceProcess.startMain("baseline", System.getProperty("java.class.path"),
                BaselineServer.class.getName(), baselineConfiguration(), settings.work().resolve("logs/baseline.log"));
        running.add(baselineProcess);
        baselineCompilers = Compilers.of(baselineProcess.pid());
        baselineCpu = ProcessCpu.of(baselineProcess.pid());
        baselineProcess.awaitReady(baseline.resolve("/q/health/live"), START_TIMEOUT);
    }

    /** One vehicle and one launch per route, the launch named for its vehicle and opening in three hours. */
    private static void publishSchedule(KubernetesClient cluster) {
        Instant opens = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int route = 0; route < ROUTES; route++) {
            String name = "bench-" + code(route).toLowerCase();
            VehicleSpec vehicleSpec = new VehicleSpec();
            vehicleSpec.setHomeRegion(ORIGIN);
            // Room for every booking of a full run: the bench measures selling, not selling out.
            vehicleSpec.setPayloadCapacityKg(1e9);
            vehicleSpec.setCargoVolumeM3(1e6);
            Vehicle vehicle = new Vehicle();
            vehicle.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
            vehicle.setSpec(vehicleSpec);
            cluster.resource(vehicle).inNamespace(NAMESPACE).create();

            LaunchSpec spec = new LaunchSpec();
            spec.setOrigin(ORIGIN);
            spec.setDestination(destination(route));
            spec.setVehicle(name);
            spec.setWindow(new LaunchWindow(opens.toString(), opens.plus(1, ChronoUnit.HOURS).toString()));
            Launch launch = new Launch();
            launch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
            launch.setSpec(spec);
            cluster.resource(launch).inNamespace(NAMESPACE).create();
        }
    }

    private Map<String, String> gatewayConfiguration(LocalCluster cluster) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("quarkus.http.host", "127.0.0.1");
        configuration.put("quarkus.http.port", Integer.toString(gateway.getPort()));
        configuration.put("quarkus.management.host", "127.0.0.1");
        configuration.put("quarkus.management.port", Integer.toString(gatewayManagement.getPort()));
        configuration.put("rocketexpress.gateway.region", ORIGIN);
        configuration.put("rocketexpress.gateway.admin-key", ADMIN_KEY);
        // The bench's few partners stand for many: no partner's limit may cap what is measured.
        configuration.put("rocketexpress.gateway.rate-limit.requests-per-second", "100000");
        configuration.put("rocketexpress.gateway.rate-limit.burst", "100000");
        // Nor may a partner's share of the tracking streams: stream-fanout holds 1,000 for four partners.
        configuration.put("rocketexpress.gateway.stream.max-per-partner", "100000");
        configuration.put("rocketexpress.gateway.stream.max-per-replica", "100000");
        // The bench's webhook receiver listens on this machine, over plain HTTP.
        configuration.put("rocketexpress.gateway.webhooks.allow-http", "true");
        // The bench's receiver listens on this machine, on a high port.
        configuration.put("rocketexpress.gateway.webhooks.allow-private", "true");
        configuration.put("rocketexpress.gateway.webhooks.allowed-ports", "443,1024-65535");
        configuration.put("rocketexpress.gateway.webhooks.secrets-key", WEBHOOK_SECRETS_KEY);
        configuration.putAll(gatewayDatabase.quarkusSettings());
        configuration.put("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
        // The packaged application.properties names no region: the bench's gateway knows the four sample regions
        // (as the baseline does, see baselineConfiguration) and its own routes' destinations.
        configuration.put("rocketexpress.regions." + ORIGIN + ".code", ORIGIN_CODE);
        configuration.put("rocketexpress.regions.dubai.code", "DXB");
        configuration.put("rocketexpress.regions.liege.code", "LGG");
        configuration.put("rocketexpress.regions.kuala-lumpur.code", "KUL");
        for (int route = 0; route < ROUTES; route++) {
            configuration.put("rocketexpress.regions." + destination(route) + ".code", code(route));
        }
        configuration.putAll(cluster.quarkusClientSettings(NAMESPACE));
        return configuration;
    }

    private Map<String, String> baselineConfiguration() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("baseline.port", Integer.toString(baseline.getPort()));
        configuration.put("baseline.database.port", Integer.toString(baselineDatabase.port()));
        configuration.put("baseline.database", baselineDatabase.name());
        configuration.put("baseline.database.user", EmbeddedDatabase.USER);
        configuration.put("baseline.database.password", EmbeddedDatabase.PASSWORD);
        configuration.put("baseline.region", ORIGIN);
        configuration.put("baseline.region.code", ORIGIN_CODE);
        List<String> regions = new ArrayList<>(List.of(ORIGIN, "dubai", "liege", "kuala-lumpur"));
        for (int route = 0; route < ROUTES; route++) {
            regions.add(destination(route));
        }
        configuration.put("baseline.regions", String.join(",", regions));
        // The gateway's default tariff, which the bench's routes are priced with.
        configuration.put("baseline.tariff.base", "25.00");
        configuration.put("baseline.tariff.per-kg", "4.50");
        configuration.put("baseline.tariff.currency", "USD");
        return configuration;
    }

    private void awaitFlights() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (count(gatewayDatabase, "SELECT count(*) FROM flight") < ROUTES) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the gateway did not list the bench's " + ROUTES + " flights in time");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private String createPartner(String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/partners"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("partner " + name + " not created: " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode created = JSON.readTree(response.body());
            return created.path("apiKey").path("secret").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Copies a table's rows from the gateway's database to the baseline's, column for column. */
    private void copy(String table) {
        try (Connection from = dataSource(gatewayDatabase).getConnection();
             Connection to = dataSource(baselineDatabase).getConnection();
             ResultSet rows = from.createStatement().executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                names.add(rows.getMetaData().getColumnName(i));
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns, "?")) + ")";
            try (PreparedStatement statement = to.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        statement.setObject(i, rows.getObject(i));
                    }
                    statement.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not copy " + table + " to the baseline's database", e);
        }
    }

    private DataSource dataSource(EmbeddedDatabase.Database database) {
        return postgres.dataSource(database);
    }

    /**
     * Empties what bookings wrote to one database: bookings, parcels, their events, the webhook deliveries those
     * made, the stored answers, and the room booked on every flight. Partners, keys, endpoints and flights stay.
     * Every table that refers to a booking's rows is named, so one left out fails the statement, not the counts.
     */
    void forgetBookings(EmbeddedDatabase.Database database) {
        execute(database, "TRUNCATE webhook_attempt, webhook_delivery, tracking_event, parcel, booking,"
                + " idempotency_record; UPDATE flight SET booked_g = 0, booked_cm3 = 0");
    }

    /** Runs one statement on the gateway's or the baseline's database. */
    void execute(EmbeddedDatabase.Database database, String sql) {
        try (Connection connection = dataSource(database).getConnection()) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write " + database.name() + ": " + e.getMessage(), e);
        }
    }

    /** One number read from the gateway's or the baseline's database. */
    long count(EmbeddedDatabase.Database database, String sql) {
        try (Connection connection = dataSource(database).getConnection();
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + database.name() + ": " + e.getMessage(), e);
        }
    }

    EmbeddedDatabase.Database gatewayDatabase() {
        return gatewayDatabase;
    }

    EmbeddedDatabase.Database baselineDatabase() {
        return baselineDatabase;
    }

    URI gateway() {
        return gateway;
    }

    /** The gateway's management port, where its health is served. */
    URI gatewayManagement() {
        return gatewayManagement;
    }

    URI baseline() {
        return baseline;
    }

    /** The gateway JVM's compilers, which each workload's warm-up waits for. */
    Compilers gatewayCompilers() {
        return gatewayCompilers;
    }

    Compilers baselineCompilers() {
        return baselineCompilers;
    }

    ProcessCpu gatewayCpu() {
        return gatewayCpu;
    }

    ProcessCpu baselineCpu() {
        return baselineCpu;
    }

    /** The PostgreSQL server both databases live on: its postmaster and every backend and worker. */
    ProcessCpu databaseCpu() {
        long pid = postgres.pid();
        return pid < 0 ? ProcessCpu.UNKNOWN : ProcessCpu.withChildren(pid);
    }

    /** The partners' API keys: the same keys open both servers. */
    List<String> keys() {
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        running.close();
    }
}
