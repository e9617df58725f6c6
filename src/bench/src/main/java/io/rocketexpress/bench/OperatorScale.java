package io.rocketexpress.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;
import io.rocketexpress.sandbox.Kubelet;
import io.rocketexpress.sandbox.KubeletSettings;
import io.rocketexpress.sandbox.ServiceProcess;
import io.rocketexpress.sandbox.Started;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operator at scale: four regions, each an in-process API server with its operator (the packaged
 * application in a JVM of its own, as the sandbox runs it), a fleet of vehicles and a schedule of launches
 * spread over the coming days. It measures how long the operators take to schedule every launch, what a
 * backlog of launches with no vehicle free costs while it waits and how fast it wakes when one is free, how
 * late a flight Job is created after its window opens, how many API requests a launch costs over its life,
 * what the operators write while nothing happens, and how much memory one operator holds at that scale.
 * Requests are counted where they arrive, at the API servers; the bench's own are not counted.
 */
final class OperatorScale {

    static final String NAME = "operator-scale";
    private static final String NAMESPACE = "rocket-express";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The operators' JVM options, the heap limit among them; the results state them. A small-footprint profile
     * (serial collector, client compiler only, smaller thread stacks): what an operator of one region needs.
     */
    static final List<String> JVM = List.of(Optional.ofNullable(System.getProperty("bench.operator.jvm"))
            .filter(options -> !options.isBlank())
            .orElse("-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k").trim().split("\\s+"));

    /** What the figures are held to (product specification, performance); a miss is reported, not an error. */
    static final Map<String, String> TARGETS = Map.of(
            "all_scheduled_seconds", "<= 60 on 2 cores",
            "idle_requests_per_second", "<= 1 in total, the backlog waiting",
            "wake_to_scheduled_ms", "woken by the vehicle, not by a timer",
            "window_to_job_p50_ms", "<= 200",
            "window_to_job_p99_ms", "<= 1000",
            "idle_writes", "0",
            "operator_memory_kb", "VmRSS <= 262144 (256 MB) per operator");

    /** The four sample regions, each a cluster with its own operator. */
    static final List<Region> REGIONS = List.of(new Region("hangzhou", "HGH"), new Region("dubai", "DXB"),
            new Region("liege", "LGG"), new Region("kuala-lumpur", "KUL"));

    record Region(String name, String code) {
        String secret() {
            return "region-" + name;
        }
    }

    /**
     * How big a run is.
     *
     * @param regions        how many of the four regions run
     * @param launches       the schedule: launches spread over the coming days, as many vehicles to fly them
     * @param backlog        launches published when no vehicle is free
     * @param windowLaunches launches whose windows open during the run, flown through to the end of their recovery
     * @param windowLead     from publishing them to the first window opening
     * @param windowSpread   over how long their windows open
     * @param idle           how long the steady state is watched
     * @param settle         how long Events written just after a status are given before counting starts again
     * @param phaseTimeout   how long any one phase may take before it counts as failed
     * @param mission        countdown, flight and recovery of every mission the kubelet stand-in runs
     * @param jvm            the operators' JVM options
     */
    record Scale(int regions, int launches, int backlog, int windowLaunches, Duration windowLead,
                 Duration windowSpread, Duration idle, Duration settle, Duration phaseTimeout, Duration mission,
                 List<String> jvm) {

        static Scale full() {
            return new Scale(REGIONS.size(), 10_000, 2_000, 100, Duration.ofSeconds(10), Duration.ofSeconds(25),
                    Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofMinutes(4), Duration.ofSeconds(1), JVM);
        }

        /** Two regions, a small schedule: every phase is gone through, no figure counts. */
        static Scale smoke() {
            return new Scale(2, 100, 20, 6, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMillis(200), JVM);
        }
    }

    private final BenchSettings settings;
    private final Scale scale;
    private final List<Region> regions;
    private final Started running = new Started();
    private final ApiRequests requests = new ApiRequests();
    private final Map<Region, LocalCluster> clusters = new LinkedHashMap<>();
    private final Map<Region, KubernetesClient> clients = new LinkedHashMap<>();
    private final Map<Region, ServiceProcess> operators = new LinkedHashMap<>();
    private final Board<Launch> launches = new Board<>(OperatorScale::launchState);
    private final Board<Vehicle> vehicles = new Board<>(vehicle -> vehicle.getStatus() == null
            || vehicle.getStatus().getPhase() == null ? "New" : vehicle.getStatus().getPhase().name());
    private final Figures figures = new Figures();

    private OperatorScale(BenchSettings settings, Scale scale) {
        this.settings = settings;
        this.scale = scale;
        this.regions = REGIONS.subList(0, scale.regions());
    }

    /** Runs the whole workload; failures to start or to get through a phase are errors in the figures. */
    static Figures run(BenchSettings settings) {
        OperatorScale workload = new OperatorScale(settings, settings.smoke() ? Scale.smoke() : Scale.full());
        try {
            workload.start();
            workload.measure();
        } catch (RuntimeException e) {
            workload.figures.error("stopped: " + e);
        } finally {
            workload.running.close();
        }
        return workload.figures;
    }

    private void start() {
        ServiceProcess.requireBuilt("operator", settings.operatorApp());
        for (Region region : regions) {
            LocalCluster cluster = running.add(new LocalCluster());
            clusters.put(region, cluster);
        }
        for (Region region : regions) {
            for (Region other : regions) {
                if (other != region) {
                    clusters.get(other).storeKubeconfig(clusters.get(region).client(), NAMESPACE, other.secret(),
                            NAMESPACE);
                }
            }
            requests.attach(clusters.get(region));
            KubernetesClient client = running.add(ApiRequests.benchClient(clusters.get(region)));
            clients.put(region, client);
            running.add(client.resources(Launch.class).inNamespace(NAMESPACE).inform(launches.handler(region.name()), 0));
            running.add(client.resources(Vehicle.class).inNamespace(NAMESPACE).inform(vehicles.handler(region.name()), 0));
            // Missions run at once and short: the bench measures the operators, not the flights.
            running.add(Kubelet.start(region.name(), client, KubeletSettings.defaults()
                    .withDurations(scale.mission(), scale.mission(), scale.mission())
                    .withConcurrentMissions(Math.max(8, scale.windowLaunches()))
                    .withLog(line -> { })));
        }
    }

    /** Starts every region's operator; returns once all of them answer ready. */
    private void startOperators() {
        Map<Region, URI> health = new LinkedHashMap<>();
        for (Region region : regions) {
            URI uri = URI.create("http://127.0.0.1:" + Started.freePort());
            health.put(region, uri.resolve("/q/health/ready"));
            operators.put(region, running.add(ServiceProcess.start("operator-" + region.name(),
                    settings.operatorApp(), operatorConfiguration(region, uri.getPort()),
                    settings.work().resolve("logs/operator-" + region.name() + ".log"), scale.jvm())));
        }
        health.forEach((region, uri) -> operators.get(region).awaitReady(uri, START_TIMEOUT));
    }

    private Map<String, String> operatorConfiguration(Region region, int port) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("quarkus.http.host", "127.0.0.1");
        configuration.put("quarkus.http.port", Integer.toString(port));
        configuration.put("rocketexpress.operator.region", region.name());
        // One operator per cluster, as in the sandbox: nothing to elect, and no lease renewed every few seconds.
        configuration.put("rocketexpress.leader-election.enabled", "false");
        for (Region other : regions) {
            configuration.put("rocketexpress.regions." + other.name() + ".code", other.code());
            configuration.put("rocketexpress.regions." + other.name() + ".namespace", NAMESPACE);
            if (other != region) {
                configuration.put("rocketexpress.regions." + other.name() + ".kubeconfig-secret", other.secret());
            }
        }
        configuration.putAll(clusters.get(region).quarkusClientSettings(NAMESPACE));
        return configuration;
    }

    private void measure() {
        figures.put("regions", regions.size());
        figures.put("operator_jvm", String.join(" ", scale.jvm()));
        int perRegion = scale.launches() / regions.size();

        // (a) The fleet, one vehicle per launch at the launch's origin, and the schedule, spread over the coming
        // days, are published first; then the operators start on them, as after an installation or an outage.
        Phase publishing = phase();
        createAll(perRegion, (region, i) -> vehicle(String.format("fleet-%s-%05d", region.code().toLowerCase(Locale.ROOT), i), region));
        Instant days = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Duration apart = Duration.ofDays(4).dividedBy(perRegion);
        createAll(perRegion, (region, i) -> launch(String.format("sched-%s-%05d", region.code().toLowerCase(Locale.ROOT), i),
                region, days.plus(apart.multipliedBy(i)), false));
        figures.put("launches", scale.launches());
        figures.put("vehicles", scale.launches());
        figures.put("published_seconds", publishing.seconds());

        Phase schedule = phase();
        startOperators();
        figures.put("operators_ready_seconds", schedule.seconds());
        boolean scheduled = launches.await("sched", "Scheduled", scale.launches(), scale.phaseTimeout());
        check(scheduled, "only " + launches.count("sched", "Scheduled") + " of " + scale.launches()
                + " launches were Scheduled in " + scale.phaseTimeout().toSeconds() + " s");
        figures.put("all_scheduled_seconds", schedule.seconds());
        ApiRequests.Snapshot scheduling = schedule.requests();
        figures.put("schedule_requests_per_launch", scheduling.all() / (double) scale.launches());
        figures.put("schedule_requests", scheduling.byKind());

        // (c) and (d) Launches whose windows open now, flown to the end of their recovery.
        windows();

        // (b) A backlog with no vehicle free: it waits, asks for nothing, and wakes when a vehicle is free.
        Instant later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        int backlogPerRegion = scale.backlog() / regions.size();
        Phase backlog = phase();
        createAll(backlogPerRegion, (region, i) -> launch(String.format("wait-%s-%04d", region.code().toLowerCase(Locale.ROOT), i),
                region, later.plus(Duration.ofMinutes(i)), false));
        boolean waiting = launches.await("wait", "Waiting", scale.backlog(), scale.phaseTimeout());
        check(waiting, "only " + launches.count("wait", "Waiting") + " of " + scale.backlog()
                + " backlog launches were seen waiting with reason NoVehicleAvailable");
        figures.put("backlog", scale.backlog());
        figures.put("backlog_waiting_seconds", backlog.seconds());
        figures.put("backlog_requests_per_launch", backlog.requests().all() / (double) scale.backlog());

        // (b) and (e) The steady state: every launch Scheduled or flown, the backlog waiting (once the Events that
        // tell it waits, written just after its status, are in).
        pause(scale.settle());
        Phase idle = phase();
        pause(scale.idle());
        ApiRequests.Snapshot quiet = idle.requests();
        double seconds = idle.seconds();
        figures.put("idle_seconds", seconds);
        figures.put("idle_requests_per_second", quiet.all() / seconds);
        figures.put("idle_writes", quiet.writes());
        figures.put("idle_requests", quiet.byKind());

        // (b) One vehicle made available: how long until a backlog launch holds it.
        Region first = regions.get(0);
        Phase wake = phase();
        create(first, vehicle("wake-" + first.code().toLowerCase(Locale.ROOT), first));
        boolean woken = launches.await("wait", "Scheduled", 1, Duration.ofSeconds(60));
        check(woken, "no backlog launch took the vehicle made available");
        figures.put("wake_to_scheduled_ms", wake.seconds() * 1000);
        pause(scale.settle());
        figures.put("wake_requests", wake.requests().byKind());

        // (f) The operators' memory, each in its own JVM: resident set now and at its peak.
        Map<String, Object> memory = new LinkedHashMap<>();
        for (Map.Entry<Region, ServiceProcess> operator : operators.entrySet()) {
            memory.put(operator.getKey().name(), residentSet(operator.getValue().pid()));
        }
        figures.put("operator_memory_kb", memory);
    }

    /** Launches with sealed manifests whose windows open now: the flight Job's delay, and a launch's whole life. */
    private void windows() {
        int perRegion = Math.max(1, scale.windowLaunches() / regions.size());
        int count = perRegion * regions.size();
        createAll(perRegion, (region, i) -> vehicle(String.format("spare-%s-%03d", region.code().toLowerCase(Locale.ROOT), i), region));
        check(vehicles.await("spare", "Available", count, scale.phaseTimeout()), "the window launches' vehicles did"
                + " not become Available");
        Instant first = Instant.now().plus(scale.windowLead()).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Map<String, Instant> opens = new LinkedHashMap<>();
        Phase life = phase();
        createAll(perRegion, (region, i) -> {
            String name = String.format("open-%s-%03d", region.code().toLowerCase(Locale.ROOT), i);
            // Whole seconds, as a platform team writes them; the windows open one after the other.
            long step = scale.windowSpread().toMillis() * (i * regions.size() + regions.indexOf(region)) / count;
            Instant at = first.plusMillis(step).truncatedTo(ChronoUnit.SECONDS);
            synchronized (opens) {
                opens.put(name, at);
            }
            return launch(name, region, at, true);
        });
        boolean completed = launches.await("open", "Completed", count, scale.windowLead().plus(scale.windowSpread())
                .plus(scale.phaseTimeout()));
        check(completed, "only " + launches.count("open", "Completed") + " of " + count
                + " window launches were Completed");
        ApiRequests.Snapshot lives = life.requests();
        List<Long> delays = new ArrayList<>();
        int lateToSchedule = 0;
        for (Map.Entry<String, Instant> window : opens.entrySet()) {
            Optional<Instant> created = requests.jobCreated(window.getKey() + "-flight");
            if (created.isEmpty()) {
                figures.error("no flight Job was created for " + window.getKey());
                continue;
            }
            delays.add(Duration.between(window.getValue(), created.get()).toMillis());
            String region = regions.stream().filter(r -> window.getKey().contains("-" + r.code().toLowerCase(Locale.ROOT) + "-"))
                    .findFirst().orElseThrow().name();
            if (launches.firstSeen(region, window.getKey(), "Scheduled").map(at -> at.isAfter(window.getValue()))
                    .orElse(true)) {
                lateToSchedule++;
            }
        }
        delays.sort(Long::compare);
        figures.put("window_launches", count);
        figures.put("window_scheduled_after_opening", lateToSchedule);
        if (!delays.isEmpty()) {
            figures.put("window_to_job_p50_ms", percentile(delays, 50));
            figures.put("window_to_job_p99_ms", percentile(delays, 99));
            figures.put("window_to_job_max_ms", delays.get(delays.size() - 1));
        }
        figures.put("life_requests_per_launch", lives.all() / (double) count);
        figures.put("life_writes_per_launch", lives.writes() / (double) count);
        figures.put("life_requests", lives.byKind());
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** A launch's state as the bench tells them apart: its phase, or Waiting when it waits for a vehicle. */
    static String launchState(Launch launch) {
        if (launch.getStatus() == null || launch.getStatus().getPhase() == null) {
            return "New";
        }
        LaunchPhase phase = launch.getStatus().getPhase();
        if (phase == LaunchPhase.Pending && launch.getStatus().getConditions().stream()
                .filter(c -> LaunchConditions.VEHICLE_RESERVED.equals(c.getType()))
                .anyMatch(c -> Condition.FALSE.equals(c.getStatus()) && "NoVehicleAvailable".equals(c.getReason()))) {
            return "Waiting";
        }
        return phase.name();
    }

    private static Vehicle vehicle(String name, Region region) {
        VehicleSpec spec = new VehicleSpec();
        spec.setHomeRegion(region.name());
        Vehicle vehicle = new Vehicle();
        vehicle.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        vehicle.setSpec(spec);
        return vehicle;
    }

    /** A launch to the next region; sealed, it carries a manifest as the gateway seals it at the cutoff. */
    private Launch launch(String name, Region origin, Instant opens, boolean sealed) {
        LaunchSpec spec = new LaunchSpec();
        spec.setOrigin(origin.name());
        spec.setDestination(regions.get((regions.indexOf(origin) + 1) % regions.size()).name());
        spec.setWindow(new LaunchWindow(opens.toString(), opens.plus(1, ChronoUnit.HOURS).toString()));
        if (sealed) {
            Manifest manifest = new Manifest();
            manifest.setSealed(true);
            manifest.setId("manifest-" + name);
            manifest.setParcels(10);
            manifest.setMassKg(100.0);
            manifest.setVolumeM3(1.0);
            spec.setManifest(manifest);
        }
        Launch launch = new Launch();
        launch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        launch.setSpec(spec);
        return launch;
    }

    /** What one region's n-th resource is. */
    private interface Numbered {
        HasMetadata make(Region region, int i);
    }

    /** Creates that many resources in every region, the regions in parallel; each failure is an error. */
    private void createAll(int perRegion, Numbered make) {
        ExecutorService creators = Executors.newFixedThreadPool(2 * regions.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            int lanes = 2;
            for (Region region : regions) {
                for (int lane = 0; lane < lanes; lane++) {
                    int from = lane;
                    done.add(creators.submit(() -> {
                        for (int i = 1 + from; i <= perRegion; i += lanes) {
                            create(region, make.make(region, i));
                        }
                    }));
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (Exception e) {
            figures.error("could not create resources: " + e);
        } finally {
            creators.shutdownNow();
        }
    }

    private void create(Region region, HasMetadata resource) {
        try {
            clients.get(region).resource(resource).inNamespace(NAMESPACE).create();
        } catch (RuntimeException e) {
            figures.error("could not create " + resource.getKind() + " " + resource.getMetadata().getName() + ": "
                    + e.getMessage());
        }
    }

    private void check(boolean held, String otherwise) {
        if (!held) {
            figures.error(otherwise);
        }
    }

    /** VmRSS and VmHWM (the peak) of a process, in kB, as Linux reports them. */
    private Map<String, Long> residentSet(long pid) {
        Map<String, Long> memory = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                    memory.put(line.substring(0, 5), Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            figures.error("could not read the memory of process " + pid + ": " + e.getMessage());
        }
        return memory;
    }

    /** Waits out a measured interval: nothing is awaited, the time itself is what is measured. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Phase phase() {
        return new Phase(System.nanoTime(), requests.snapshot(), requests::snapshot);
    }

    /** A measured stretch: its time so far and the requests counted since it began. */
    private record Phase(long startedNanos, ApiRequests.Snapshot start, Supplier<ApiRequests.Snapshot> now) {

        double seconds() {
            return Math.round((System.nanoTime() - startedNanos) / 1e6) / 1000.0;
        }

        ApiRequests.Snapshot requests() {
            return now.get().since(start);
        }
    }

    /** The workload's figures in the order measured, and its errors. */
    static final class Figures {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<String> errors = new ArrayList<>();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private long errorCount;

        synchronized void put(String name, Object value) {
            values.put(name, value instanceof Double number ? Math.round(number * 100) / 100.0 : value);
            System.out.println("  " + NAME + " " + name + ": " + values.get(name));
        }

        synchronized void error(String message) {
            firstError.compareAndSet(null, message);
            errorCount++;
            if (errors.size() < 20) {
                errors.add(message);
            }
            System.out.println("  " + NAME + " ERROR: " + message);
        }

        synchronized Map<String, Object> values() {
            return new LinkedHashMap<>(values);
        }

        synchronized List<String> errors() {
            return List.copyOf(errors);
        }

        synchronized long errorCount() {
            return errorCount;
        }

        String firstError() {
            return firstError.get();
        }
    }
}
