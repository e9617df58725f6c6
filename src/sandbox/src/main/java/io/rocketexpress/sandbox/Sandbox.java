package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Rocket Express on one machine, as three Helm installs would deploy it in three regions: an embedded
 * PostgreSQL server (a database per gateway), and per region an in-process Kubernetes API server with the CRDs,
 * the operator and the gateway as their packaged applications in JVMs of their own, and a kubelet stand-in that
 * runs the simulator for every Job. Each operator knows all three regions and reaches the others' clusters
 * through kubeconfig Secrets; each gateway has the other two as peers. Then a fleet, a rolling schedule and a
 * demo partner are seeded.
 */
public final class Sandbox implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The admin key of every gateway; only ever a local, throw-away installation. */
    public static final String ADMIN_KEY = "sandbox-admin-key";
    /** The key the gateways call each other with. */
    /** The AES key webhook secrets are kept under (base64 of 32 bytes), fixed so a kept database stays readable. */
    static final String WEBHOOK_SECRETS_KEY = "c2FuZGJveC13ZWJob29rLXNlY3JldHMta2V5LTMyYnk=";
    /** Namespace of the Launches, Vehicles and Jobs in each region's cluster. */
    public static final String NAMESPACE = "rocket-express";
    /**
     * A Launch annotated with this (liftoff, flight or recovery) has its mission fail there: how the sandbox
     * shows a failure. {@code kubectl annotate launch <name> sandbox.rocketexpress.io/fail=flight}
     */
    public static final String FAILURE_ANNOTATION = "sandbox.rocketexpress.io/fail";

    /** The in-process API servers log every request; the console is for what a user needs. Held: loggers are weak. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final Started running = new Started();
    private final SandboxSettings settings;
    private final Map<Region, LocalCluster> clusters = new LinkedHashMap<>();
    private final Map<Region, URI> gateways = new LinkedHashMap<>();
    /** Each gateway's management port: health, metrics, the OpenAPI document and Swagger UI. */
    private final Map<Region, URI> managements = new LinkedHashMap<>();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** Each region's peer secret, new for every run of the sandbox. */
    private final Map<Region, String> peerSecrets = new LinkedHashMap<>();
    private final Map<Region, URI> operators = new LinkedHashMap<>();
    private final Map<Region, Path> kubeconfigs = new LinkedHashMap<>();
    private final Map<Region, ServiceProcess> gatewayProcesses = new LinkedHashMap<>();
    private final Map<Region, Map<String, String>> gatewayConfigurations = new LinkedHashMap<>();
    private final Map<Region, ServiceProcess> operatorProcesses = new LinkedHashMap<>();
    /** How many times each region's operator was started again; each start logs to a file of its own. */
    private final Map<Region, Integer> operatorStarts = new LinkedHashMap<>();
    private final Map<Region, EmbeddedDatabase.Database> databases = new LinkedHashMap<>();
    private EmbeddedDatabase database;
    private Timetable timetable;
    private String demoKey;

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    /** Starts everything; on failure, stops whatever had started and rethrows. */
    public static Sandbox start(SandboxSettings settings) {
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
        ServiceProcess.requireBuilt("gateway", settings.gatewayApp());
        ServiceProcess.requireBuilt("operator", settings.operatorApp());
        database = EmbeddedDatabase.start();
        running.add(database);
        for (Region region : Region.ALL) {
            LocalCluster cluster = new LocalCluster();
            running.add(cluster);
            clusters.put(region, cluster);
        }
        connectClusters();
        startKubelets();

        List<Runnable> readiness = new ArrayList<>();
        for (int i = 0; i < Region.ALL.size(); i++) {
            Region region = Region.ALL.get(i);
            gateways.put(region, URI.create("http://127.0.0.1:" + port(i)));
            managements.put(region, URI.create("http://127.0.0.1:" + port(20 + i)));
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            peerSecrets.put(region, java.util.HexFormat.of().formatHex(secret));
            operators.put(region, URI.create("http://127.0.0.1:" + port(10 + i)));
        }
        for (Region region : Region.ALL) {
            EmbeddedDatabase.Database db = database.create("gateway_" + region.name().replace('-', '_'));
            databases.put(region, db);
            ServiceProcess operator = startOperator(region);
            gatewayConfigurations.put(region, gatewayConfiguration(region, db));
            ServiceProcess gateway = startGateway(region);
            readiness.add(() -> operator.awaitReady(operators.get(region).resolve("/q/health/ready"), START_TIMEOUT));
            readiness.add(() -> gateway.awaitReady(managements.get(region).resolve("/q/health/ready"), START_TIMEOUT));
        }
        readiness.forEach(Runnable::run);

        for (Region region : Region.ALL) {
            Fleet.station(cluster(region), NAMESPACE, region, settings.vehiclesPerRegion(), settings.turnaround());
        }
        demoKey = DemoPartner.create(gateways, ADMIN_KEY, database, databases);
        timetable = new Timetable(this::cluster, NAMESPACE,
                new Timetable.Shape(settings.cutoff(), settings.launchEvery().multipliedBy(2)), Clock.systemUTC());
        running.add(timetable);
        if (settings.rolling()) {
            timetable.roll(Region.ALL, settings.launchEvery(), settings.cutoff().plusMinutes(1),
                    settings.launchEvery().plus(settings.cutoff()));
        }
    }

    private ServiceProcess startGateway(Region region) {
        ServiceProcess gateway = ServiceProcess.start("gateway-" + region.name(), settings.gatewayApp(),
                gatewayConfigurations.get(region), logs().resolve("gateway-" + region.name() + ".log"));
        running.add(gateway);
        gatewayProcesses.put(region, gateway);
        return gateway;
    }

    private ServiceProcess startOperator(Region region) {
        int starts = operatorStarts.merge(region, 1, Integer::sum);
        ServiceProcess operator = ServiceProcess.start("operator-" + region.name(), settings.operatorApp(),
                operatorConfiguration(region), logs().resolve("operator-" + region.name()
                        + (starts == 1 ? "" : "-" + starts) + ".log"));
        running.add(operator);
        operatorProcesses.put(region, operator);
        return operator;
    }

    /**
     * Kills a region's operator with SIGKILL, as a crashed node would lose it: whatever it was writing to a cluster
     * is cut off wherever it was.
     *
     * @return the JVM's exit code
     */
    public int killOperator(Region region) {
        return kill(operatorProcesses.get(region));
    }

    /** Starts a region's killed operator again, on the same port and clusters; returns once it is ready. */
    public void reviveOperator(Region region) {
        if (operatorProcesses.get(region).isAlive()) {
            throw new IllegalStateException("the operator of " + region.name() + " is still running");
        }
        startOperator(region).awaitReady(operators.get(region).resolve("/q/health/ready"), START_TIMEOUT);
    }

    /** Stops a region's gateway and starts it again on the same database and port, as a rolling update would. */
    public void restartGateway(Region region) {
        ServiceProcess old = gatewayProcesses.get(region);
        old.close();
        running.remove(old);
        reviveGateway(region);
    }

    /**
     * Kills a region's gateway with SIGKILL, as a crashed node would lose it: requests in flight get no answer.
     *
     * @return the JVM's exit code
     */
    public int killGateway(Region region) {
        return kill(gatewayProcesses.get(region));
    }

    private int kill(ServiceProcess process) {
        int exit = process.kill();
        running.remove(process);
        return exit;
    }

    /** Freezes a region's gateway (SIGSTOP): connections to it are accepted and never answered, as a hung peer's. */
    public void pauseGateway(Region region) {
        gatewayProcesses.get(region).pause();
    }

    /** Lets a frozen gateway run again (SIGCONT). */
    public void resumeGateway(Region region) {
        gatewayProcesses.get(region).resume();
    }

    /** Starts a region's stopped or killed gateway again on the same database and port; returns once it is ready. */
    public void reviveGateway(Region region) {
        if (gatewayProcesses.get(region).isAlive()) {
            throw new IllegalStateException("the gateway of " + region.name() + " is still running");
        }
        startGateway(region).awaitReady(managements.get(region).resolve("/q/health/ready"), START_TIMEOUT);
    }

    /** Every operator reaches the other regions' clusters through a kubeconfig Secret in its own cluster. */
    private void connectClusters() {
        for (Region region : Region.ALL) {
            KubernetesClient local = cluster(region);
            for (Region other : Region.ALL) {
                if (other != region) {
                    clusters.get(other).storeKubeconfig(local, NAMESPACE, other.kubeconfigSecret(), NAMESPACE);
                }
            }
            Path kubeconfig = settings.work().resolve("kubeconfig-" + region.name() + ".yaml");
            try {
                Files.createDirectories(kubeconfig.getParent());
                Files.writeString(kubeconfig, clusters.get(region).kubeconfig(NAMESPACE));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + kubeconfig, e);
            }
            kubeconfigs.put(region, kubeconfig);
        }
    }

    private void startKubelets() {
        LogFile missions = new LogFile(logs().resolve("missions.log"));
        running.add(missions);
        KubeletSettings kubelet = KubeletSettings.defaults()
                .withTimeScale(settings.timeScale())
                .withFailure(this::failureOf)
                .withLog(missions);
        for (Region region : Region.ALL) {
            running.add(Kubelet.start(region.name(), cluster(region), kubelet));
        }
    }

    /** The failure a Job's launch is annotated with, read from the launch's origin cluster. */
    private Optional<String> failureOf(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        String launch = labels == null ? null : labels.get(RocketExpress.LAUNCH_LABEL);
        String origin = labels == null ? null : labels.get(RocketExpress.ORIGIN_LABEL);
        return Region.ALL.stream().filter(region -> region.name().equals(origin)).findFirst()
                .filter(region -> launch != null)
                .map(region -> cluster(region).resources(Launch.class).inNamespace(NAMESPACE).withName(launch).get())
                .map(found -> found.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(FAILURE_ANNOTATION));
    }

    private Map<String, String> operatorConfiguration(Region region) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("quarkus.http.host", "127.0.0.1");
        configuration.put("quarkus.http.port", Integer.toString(operators.get(region).getPort()));
        configuration.put("rocketexpress.operator.region", region.name());
        // One operator per cluster: nothing to elect.
        configuration.put("rocketexpress.leader-election.enabled", "false");
        for (Region other : Region.ALL) {
            configuration.put("rocketexpress.regions." + other.name() + ".code", other.code());
            configuration.put("rocketexpress.regions." + other.name() + ".namespace", NAMESPACE);
            if (other != region) {
                configuration.put("rocketexpress.regions." + other.name() + ".kubeconfig-secret", other.kubeconfigSecret());
            }
        }
        configuration.putAll(clusters.get(region).quarkusClientSettings(NAMESPACE));
        return configuration;
    }

    private Map<String, String> gatewayConfiguration(Region region, EmbeddedDatabase.Database database) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("quarkus.http.host", "127.0.0.1");
        configuration.put("quarkus.http.port", Integer.toString(gateways.get(region).getPort()));
        configuration.put("quarkus.management.host", "127.0.0.1");
        configuration.put("quarkus.management.port", Integer.toString(managements.get(region).getPort()));
        // People learn the API here: its explorer stays on.
        configuration.put("quarkus.swagger-ui.enabled", "true");
        configuration.put("rocketexpress.gateway.region", region.name());
        configuration.put("rocketexpress.gateway.admin-key", ADMIN_KEY);
        // Each region signs what it forwards with a key of its own; the others accept it under that key only.
        configuration.put("rocketexpress.gateway.peer-credential.key-id", peerKeyId(region));
        configuration.put("rocketexpress.gateway.peer-credential.secret", peerSecrets.get(region));
        // One demo partner drives the whole network from one machine; production keeps the default limits.
        configuration.put("rocketexpress.gateway.rate-limit.requests-per-second", "2000");
        configuration.put("rocketexpress.gateway.rate-limit.burst", "4000");
        // Partners of a sandbox try webhooks on their own machine, over plain HTTP, on ports of their choosing.
        configuration.put("rocketexpress.gateway.webhooks.allow-http", "true");
        // The regions' gateways call each other on the loopback interface.
        configuration.put("rocketexpress.gateway.peer-calls.allow-http", "true");
        configuration.put("rocketexpress.gateway.webhooks.allow-private", "true");
        configuration.put("rocketexpress.gateway.webhooks.allowed-ports", "443,1024-65535");
        configuration.put("rocketexpress.gateway.webhooks.secrets-key", WEBHOOK_SECRETS_KEY);
        // The board's in-flight bars run over the hop as fast as the simulated flights fly it.
        configuration.put("rocketexpress.gateway.pages.board.hop",
                java.time.Duration.ofMillis(Math.max(1, Math.round(25 * 60_000 / settings.timeScale()))).toString());
        configuration.putAll(database.quarkusSettings());
        for (Region other : Region.ALL) {
            configuration.put("rocketexpress.regions." + other.name() + ".code", other.code());
            if (other != region) {
                configuration.put("rocketexpress.peers." + other.name() + ".url", gateways.get(other).toString());
                configuration.put("rocketexpress.peers." + other.name() + ".credentials", peerKeyId(other) + ":"
                        + peerSecrets.get(other));
            }
        }
        configuration.putAll(clusters.get(region).quarkusClientSettings(NAMESPACE));
        configuration.putAll(settings.gatewayProperties());
        return configuration;
    }

    private static String peerKeyId(Region region) {
        return region.name() + "-sandbox";
    }

    private int port(int offset) {
        if (settings.basePort() == 0) {
            return Started.freePort();
        }
        return settings.basePort() + offset;
    }

    private Path logs() {
        return settings.work().resolve("logs");
    }

    /** Base URL of a region's gateway. */
    public URI gateway(Region region) {
        return gateways.get(region);
    }

    /** Base URL of a region's gateway's management port: health, metrics, OpenAPI and Swagger UI. */
    public URI management(Region region) {
        return managements.get(region);
    }

    /** Base URL of a region's operator (health, metrics). */
    public URI operator(Region region) {
        return operators.get(region);
    }

    /**
     * Takes a region's Kubernetes API server down, as a control-plane outage would: its operator, its gateway, the
     * other regions' operators and its kubelet stand-in are refused until {@link #restartCluster(Region)}; running
     * missions carry on.
     */
    public void stopCluster(Region region) {
        clusters.get(region).stop();
    }

    /** Brings a region's API server back at the same address with everything it stored. */
    public void restartCluster(Region region) {
        clusters.get(region).restart();
    }

    /** Stops the PostgreSQL server of every region's gateway database, as a restart of the database would. */
    public void stopDatabase() {
        database.stop();
    }

    /** Starts the stopped PostgreSQL server again, on the same port and data. */
    public void startDatabase() {
        database.startAgain();
    }

    /** A JDBC data source of a region's gateway database, to check what it holds. */
    public javax.sql.DataSource database(Region region) {
        return database.dataSource(databases.get(region));
    }

    /** A client of a region's cluster, as its platform team's kubectl. */
    public KubernetesClient cluster(Region region) {
        return clusters.get(region).client();
    }

    /** The kubeconfig file that reaches a region's cluster. */
    public Path kubeconfig(Region region) {
        return kubeconfigs.get(region);
    }

    /** The demo partner's API key, good at every gateway. */
    public String demoKey() {
        return demoKey;
    }

    /** Publishes a launch in its origin's cluster, as a platform team would. */
    public Launch publish(Region origin, Region destination, Instant opensAt) {
        return timetable.publish(origin, destination, opensAt);
    }

    /** Publishes a launch whose sales close {@code cutoff} before its window opens, not the sandbox's cutoff. */
    public Launch publish(Region origin, Region destination, Instant opensAt, Duration cutoff) {
        return timetable.publish(origin, destination, opensAt, cutoff);
    }

    /** Stops everything in the reverse order it started. */
    @Override
    public void close() {
        running.close();
    }

    public static void main(String[] args) throws InterruptedException {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        SandboxSettings settings;
        try {
            settings = SandboxSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Starting Rocket Express: embedded PostgreSQL, and for hangzhou, dubai and liege a cluster,"
                + " an operator and a gateway ...");
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
        System.out.println(Welcome.text(sandbox, settings));
        stopped.await();
    }
}
