package io.rocketexpress.sandbox;

import io.rocketexpress.localcluster.LocalCluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Rocket Express on one machine with embedded defaults: an embedded PostgreSQL server and the gateway
 * on it, run as its packaged application in its own JVM, as a deployment would run it.
 */
public final class Sandbox implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The admin key of the sandbox's gateway; only ever a local, throw-away installation. */
    public static final String ADMIN_KEY = "sandbox-admin-key";

    /** Namespace of the Launches and Vehicles in each region's cluster. */
    static final String NAMESPACE = "rocket-express";

    private final List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
    private final Settings settings;
    private URI gateway;

    private Sandbox(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything; on failure, stops whatever had started and rethrows. */
    public static Sandbox start(Settings settings) {
        Sandbox sandbox = new Sandbox(settings);
        try {
            sandbox.startAll();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll() {
        EmbeddedDatabase database = EmbeddedDatabase.start();
        running.add(database);
        EmbeddedDatabase.Database gatewayDatabase = database.create("gateway");
        // Hangzhou's cluster, where the gateway finds its schedule.
        LocalCluster hangzhou = new LocalCluster();
        running.add(hangzhou);

        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("quarkus.http.host", "127.0.0.1");
        configuration.put("quarkus.http.port", Integer.toString(settings.httpPort()));
        configuration.put("rocketexpress.gateway.admin-key", ADMIN_KEY);
        configuration.put("quarkus.datasource.username", EmbeddedDatabase.USER);
        configuration.put("quarkus.datasource.password", EmbeddedDatabase.PASSWORD);
        configuration.put("quarkus.datasource.reactive.url", gatewayDatabase.reactiveUrl());
        configuration.put("quarkus.datasource.jdbc.url", gatewayDatabase.jdbcUrl());
        configuration.putAll(hangzhou.quarkusClientSettings(NAMESPACE));
        ServiceProcess process = ServiceProcess.start("gateway", settings.gatewayApp(), configuration,
                settings.work().resolve("logs").resolve("gateway.log"));
        running.add(process);
        gateway = URI.create("http://127.0.0.1:" + settings.httpPort());
        process.awaitReady(gateway.resolve("/q/health/ready"), START_TIMEOUT);
    }

    /** Base URL of the gateway. */
    public URI gateway() {
        return gateway;
    }

    /** Stops everything in the reverse order it started. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(running);
        Collections.reverse(reversed);
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("could not stop " + part + ": " + e.getMessage());
            }
        }
        running.clear();
    }

    /** What to run and where: system properties {@code sandbox.gateway.app}, {@code sandbox.http.port}, {@code sandbox.work}. */
    public record Settings(Path gatewayApp, int httpPort, Path work) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Path.of(required("sandbox.gateway.app")),
                    Integer.getInteger("sandbox.http.port", 8080),
                    Path.of(System.getProperty("sandbox.work", "target/sandbox")));
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("system property " + property + " is not set");
            }
            return value;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Starting Rocket Express (embedded PostgreSQL, gateway) ...");
        Sandbox sandbox;
        try {
            sandbox = start(settings);
        } catch (RuntimeException e) {
            System.err.println("sandbox: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Rocket Express ...");
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        URI gateway = sandbox.gateway();
        System.out.printf("""

                Rocket Express is running.

                  Gateway            %s
                  API explorer       %s/q/swagger-ui
                  Readiness          %s/q/health/ready
                  Metrics            %s/q/metrics
                  Admin key          %s
                  Logs               %s

                  Create a partner and get its API key:
                  curl -s -X POST %s/admin/partners -H "Authorization: Bearer %s" \\
                       -H "Content-Type: application/json" -d '{"name": "Demo Partner"}'

                  Then follow the partner guide, src/docs/api.md.

                Press Ctrl-C to stop everything.
                %n""", gateway, gateway, gateway, gateway, ADMIN_KEY, settings.work().resolve("logs"), gateway,
                ADMIN_KEY);
        stopped.await();
    }
}
