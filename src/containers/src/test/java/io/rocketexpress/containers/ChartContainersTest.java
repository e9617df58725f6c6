package io.rocketexpress.containers;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;
import io.rocketexpress.sandbox.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three images, run as the chart runs them: the gateway and the operator from the Deployments Helm renders for
 * a region (security context, env, ports, probes, volumes, limits), against the embedded PostgreSQL server and
 * in-process API servers; the simulator from the flight Job the containerised operator itself creates, as a
 * kubelet would run it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartContainersTest {

    private static final String NAMESPACE = "rocket-express";
    private static final Duration START = Duration.ofMinutes(3);

    private final Path root = Path.of(System.getProperty("repository.root")).toAbsolutePath();
    private final Path work = Path.of(System.getProperty("containers.images")).getParent().resolve("containers-test");
    private final String prefix = System.getProperty("image.prefix");
    private final String tag = System.getProperty("image.tag");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Object> report = new LinkedHashMap<>();

    private EmbeddedDatabase postgres;
    private LocalCluster hangzhou;
    private LocalCluster dubai;
    private RenderedChart chart;

    @BeforeAll
    void startTheRegion() throws IOException {
        Podman.removeAll();
        Files.createDirectories(work);
        postgres = EmbeddedDatabase.start();
        EmbeddedDatabase.Database database = postgres.create("gateway");
        hangzhou = new LocalCluster();
        dubai = new LocalCluster();
        // Helm renders against the cluster it is installing into (its lookups): this region's.
        Path helmKubeconfig = Path.of(System.getenv("KUBECONFIG"));
        Files.createDirectories(helmKubeconfig.getParent());
        Files.writeString(helmKubeconfig, hangzhou.kubeconfig(NAMESPACE));
        // The peer region's kubeconfig Secret, as k8s/scripts/peer-kubeconfig.sh makes it, reaching Dubai's API
        // server as the pod sees it.
        hangzhou.client().resource(new SecretBuilder().withNewMetadata().withName("region-dubai").withNamespace(NAMESPACE)
                .endMetadata().withStringData(Map.of("kubeconfig", fromPod(dubai.peerKubeconfig(NAMESPACE)))).build()).create();

        Path values = work.resolve("values-test.yaml");
        Files.writeString(values, """
                region:
                  name: hangzhou
                  code: HGH
                image:
                  registry: %s
                  group: %s
                  tag: %s
                peers:
                  - name: dubai
                    code: DXB
                    namespace: %s
                    kubeconfig:
                      existingSecret: region-dubai
                      key: kubeconfig
                """.formatted(prefix.substring(0, prefix.indexOf('/')), prefix.substring(prefix.indexOf('/') + 1), tag, NAMESPACE));
        // The database Secret an installer creates first (the chart checks it exists), reaching the embedded server.
        hangzhou.client().resource(new SecretBuilder().withNewMetadata().withName("rocket-express-database")
                .withNamespace(NAMESPACE).endMetadata().withStringData(Map.of(
                        "reactive-url", "postgresql://" + PodmanPod.HOST + ":" + database.port() + "/" + database.name(),
                        "jdbc-url", "jdbc:postgresql://" + PodmanPod.HOST + ":" + database.port() + "/" + database.name(),
                        "username", EmbeddedDatabase.USER,
                        "password", EmbeddedDatabase.PASSWORD)).build()).create();
        chart = RenderedChart.render(root, NAMESPACE, values, name -> secretData(hangzhou.client(), name));
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            Podman.removeAll();
        } finally {
            if (hangzhou != null) {
                hangzhou.close();
            }
            if (dubai != null) {
                dubai.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void theGatewayAndTheOperatorRunAsChartedAndTheOperatorsJobFlies() throws IOException {
        Path kubeconfig = Files.writeString(work.resolve("kubeconfig-hangzhou"), fromPod(hangzhou.kubeconfig(NAMESPACE)));

        PodmanPod gateway = deploymentPod("gateway").kubeconfig(kubeconfig);
        Instant gatewayStarted = Instant.now();
        String gatewayId = gateway.start(work);
        PodmanPod operator = deploymentPod("operator").kubeconfig(kubeconfig);
        Instant operatorStarted = Instant.now();
        String operatorId = operator.start(work);

        assertChartedSecurity(gatewayId, gateway);
        assertChartedSecurity(operatorId, operator);
        report.put("gateway_ready_s", secondsSince(gatewayStarted, awaitProbes(gatewayId, gateway)));
        report.put("operator_ready_s", secondsSince(operatorStarted, awaitProbes(operatorId, operator)));
        // The chart's JVM options reach the JVM, whatever the base image's entrypoint.
        String javaOptions = gateway.environment().get("JAVA_TOOL_OPTIONS");
        assertThat(javaOptions).isNotBlank();
        assertThat(Podman.logs(gatewayId)).contains("Picked up JAVA_TOOL_OPTIONS: " + javaOptions);

        // A platform team's vehicle and launch: the containerised operator schedules it, the containerised
        // gateway seals its manifest at the cutoff, and the operator starts the flight Job when the window opens.
        KubernetesClient cluster = hangzhou.client();
        station(cluster, "xzy-1-hgh-01");
        Instant opens = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        publish(cluster, "hgh-dxb-containers", opens);
        // Scheduled, holding the vehicle; on a slow machine it may already be past Scheduled when looked at.
        await("the launch scheduled by the operator in its container").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> phase(cluster, "hgh-dxb-containers"), phase -> phase != null
                        && java.util.Set.of(LaunchPhase.Scheduled, LaunchPhase.Launching, LaunchPhase.InFlight)
                        .contains(phase));
        assertThat(launch(cluster, "hgh-dxb-containers").getStatus().getVehicle()).isEqualTo("xzy-1-hgh-01");
        await("the manifest sealed by the gateway in its container").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> launch(cluster, "hgh-dxb-containers").getSpec().manifestSealed());
        Job flight = await("the flight Job the operator creates when the window opens").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.batch().v1().jobs().inNamespace(NAMESPACE).withName("hgh-dxb-containers-flight").get(),
                        job -> job != null);

        // The Job names exactly the simulator image this build made.
        String image = flight.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        assertThat(image).isEqualTo(prefix + "/rocket-express-simulator:" + tag)
                .isEqualTo(chart.property("rocket-express-operator", "rocketexpress.jobs.flight.image"));
        assertThat(Podman.exec("image", "exists", image).exitCode()).as("image %s was built", image).isZero();

        // The kubelet's part: the Job's pod, with the sandbox's simulated time, against this region's API server.
        Path missionKubeconfig = Files.writeString(work.resolve("kubeconfig-mission"), fromPod(hangzhou.kubeconfig(NAMESPACE)));
        PodmanPod mission = new PodmanPod(flight.getSpec().getTemplate().getSpec(), "flight", NAMESPACE,
                "hgh-dxb-containers-flight-pod", chart::secret, chart::configMap)
                .kubeconfig(missionKubeconfig)
                .env("SIMULATOR_TIME_SCALE", "600").env("SIMULATOR_COUNTDOWN", "PT1M").env("SIMULATOR_FLIGHT_DURATION", "PT25M");
        Instant flown = Instant.now();
        String missionId = mission.start(work);
        assertChartedSecurity(missionId, mission);
        String exit = Podman.exec(Duration.ofMinutes(3), java.util.List.of("wait", missionId)).orFail("podman wait").out().strip();
        report.put("simulator_mission_s", secondsSince(flown, Instant.now()));
        assertThat(exit).as("the simulator's exit code; its log:%n%s", Podman.logs(missionId)).isEqualTo("0");
        assertThat(cluster.batch().v1().jobs().inNamespace(NAMESPACE).withName("hgh-dxb-containers-flight").get()
                .getMetadata().getAnnotations()).containsKey(RocketExpress.LIFTOFF_ANNOTATION);

        ImagesReport.write(Path.of(System.getProperty("containers.images")), prefix, tag, report);
    }

    private PodmanPod deploymentPod(String component) {
        PodSpec pod = chart.deployment(component).getSpec().getTemplate().getSpec();
        return new PodmanPod(pod, component, NAMESPACE, "rx-" + component, chart::secret, chart::configMap);
    }

    /** What podman really applied, against what the pod spec asks. */
    private static void assertChartedSecurity(String id, PodmanPod pod) {
        var security = pod.container().getSecurityContext();
        assertThat(Podman.inspect(id, "{{.Config.User}}")).isEqualTo(pod.user() == null
                ? Podman.inspect(pod.container().getImage(), "{{.Config.User}}") : pod.user());
        assertThat(Podman.inspect(id, "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(Podman.inspect(id, "{{.EffectiveCaps}}")).isIn("[]", "<no value>", "");
        assertThat(Podman.inspect(id, "{{.HostConfig.SecurityOpt}}")).contains("no-new-privileges");
        // Runs as the chart's non-root user, seen from inside.
        assertThat(Podman.exec("exec", id, "sh", "-c", "id -u").orFail("podman exec").out().strip())
                .isNotEqualTo("0");
    }

    /** Every probe of the container answers as the chart expects, through the port podman published for it. */
    private Instant awaitProbes(String id, PodmanPod pod) {
        var container = pod.container();
        for (Probe probe : java.util.List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            int containerPort = pod.containerPort(probe.getHttpGet().getPort());
            await("%s on port %s of %s".formatted(probe.getHttpGet().getPath(), probe.getHttpGet().getPort(), container.getName()))
                    .atMost(START).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!"running".equals(Podman.inspect(id, "{{.State.Status}}"))) {
                            throw new AssertionError(container.getName() + " stopped; its log:\n" + Podman.logs(id));
                        }
                        URI uri = URI.create("http://127.0.0.1:" + Podman.hostPort(id, containerPort)
                                + probe.getHttpGet().getPath());
                        return status(uri) == 200;
                    });
        }
        return Instant.now();
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double secondsSince(Instant from, Instant to) {
        return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
    }

    /** A kubeconfig as a pod on podman's network reaches the same API server. */
    private static String fromPod(String kubeconfig) {
        return kubeconfig.replace("://127.0.0.1:", "://" + PodmanPod.HOST + ":")
                .replace("://localhost:", "://" + PodmanPod.HOST + ":");
    }

    private static Map<String, String> secretData(KubernetesClient cluster, String name) {
        var secret = cluster.secrets().inNamespace(NAMESPACE).withName(name).get();
        if (secret == null) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> data.put(key, new String(java.util.Base64.getDecoder().decode(value),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static void station(KubernetesClient cluster, String name) {
        VehicleSpec spec = new VehicleSpec();
        spec.setHomeRegion("hangzhou");
        spec.setTurnaround("PT1H");
        Vehicle vehicle = new Vehicle();
        vehicle.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of("rocketexpress.io/home-region", "hangzhou")).build());
        vehicle.setSpec(spec);
        cluster.resource(vehicle).create();
    }

    private static void publish(KubernetesClient cluster, String name, Instant opens) {
        LaunchSpec spec = new LaunchSpec();
        spec.setOrigin("hangzhou");
        spec.setDestination("dubai");
        spec.setWindow(new LaunchWindow(opens.toString(), opens.plus(Duration.ofMinutes(10)).toString()));
        spec.setCutoff("PT10S");
        Launch launch = new Launch();
        launch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
                .withLabels(Map.of(RocketExpress.ORIGIN_LABEL, "hangzhou")).build());
        launch.setSpec(spec);
        cluster.resource(launch).create();
    }

    private static Launch launch(KubernetesClient cluster, String name) {
        return cluster.resources(Launch.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static LaunchPhase phase(KubernetesClient cluster, String name) {
        Launch launch = launch(cluster, name);
        return launch == null || launch.getStatus() == null ? null : launch.getStatus().getPhase();
    }
}
