package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryPhase;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole system as the README's first command starts it: three regions, each with its cluster, operator and
 * gateway, and the kubelet stand-in flying the missions. One journey through all of it: parcels booked on two
 * routes are flown, recovered and delivered; one launch is scrubbed and its parcels fly on the next; one
 * mission fails. Partners track through any region's gateway and a webhook receiver hears every event.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxTest {

    private static final List<String> JOURNEY = List.of("BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED",
            "RECOVERED", "OUT_FOR_DELIVERY", "DELIVERED");
    private static final Duration CUTOFF = Duration.ofSeconds(20);

    /** Kept after the run: the logs of every process and of the missions are the first thing to read. */
    static final Path work = Path.of("target", "sandbox-test");

    static Sandbox sandbox;
    static WebhookReceiver receiver;
    /** Tracking numbers by origin region. */
    static final Map<Region, List<String>> parcels = new HashMap<>();
    static final List<String> rebooked = new ArrayList<>();
    static final List<String> lost = new ArrayList<>();
    static String doomedLaunch;
    static String scrubbedLaunch;

    @BeforeAll
    static void start() throws java.io.IOException {
        if (Files.exists(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        sandbox = Sandbox.start(new SandboxSettings(
                Path.of(System.getProperty("sandbox.gateway.app")), Path.of(System.getProperty("sandbox.operator.app")),
                0, work, 300, 3, Duration.ofSeconds(20), false, Duration.ofMinutes(1), CUTOFF));
        receiver = WebhookReceiver.start();
        // Down until the gateways have been restarted: what they owe it must survive the restart.
        receiver.failing(true);
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void everyRegionIsUpWithItsFleetAndTheDemoPartner() {
        for (Region region : Region.ALL) {
            given().baseUri(sandbox.management(region).toString()).get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(sandbox.operator(region).toString()).get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
            partner(region).get("/v1/flights").then().statusCode(200);
            assertThat(sandbox.cluster(region).resources(Vehicle.class).inNamespace(Sandbox.NAMESPACE).list().getItems())
                    .hasSize(3).allSatisfy(vehicle -> assertThat(vehicle.getSpec().getHomeRegion()).isEqualTo(region.name()));
            assertThat(sandbox.kubeconfig(region)).content().contains("server: http://").contains("namespace: rocket-express");
            String secret = partner(region).contentType(ContentType.JSON).body("{\"url\":\"" + receiver.url() + "\"}")
                    .put("/v1/webhook").then().statusCode(201).extract().path("secret");
            receiver.trust(secret);
        }
        assertThat(work.resolve("logs").resolve("gateway-dubai.log")).isNotEmptyFile();
    }

    @Test
    @Order(1)
    void printedKubeconfigsServeWhatKubectlDiscovers() throws java.io.IOException {
        for (Region region : Region.ALL) {
            try (KubernetesClient kubectl = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(sandbox.kubeconfig(region))))
                    .build()) {
                assertThat(kubectl.getApiResources("rocketexpress.io/v1alpha1").getResources())
                        .extracting(io.fabric8.kubernetes.api.model.APIResource::getName).contains("launches", "vehicles");
                assertThat(kubectl.genericKubernetesResources("rocketexpress.io/v1alpha1", "Vehicle").list().getItems())
                        .hasSize(3);
            }
        }
        String welcome = Welcome.text(sandbox, new SandboxSettings(work, work, 0, work, 300, 3, Duration.ofMinutes(1),
                true, Duration.ofMinutes(3), CUTOFF));
        assertThat(welcome).contains(sandbox.demoKey(), sandbox.gateway(Region.DUBAI).toString(),
                "kubectl --kubeconfig " + sandbox.kubeconfig(Region.HANGZHOU) + " get launches,vehicles",
                "kubectl --kubeconfig " + sandbox.kubeconfig(Region.DUBAI) + " get recoveries",
                "curl -s -X POST " + sandbox.gateway(Region.HANGZHOU) + "/v1/bookings",
                sandbox.gateway(Region.LIEGE) + "/board", sandbox.gateway(Region.LIEGE) + "/track");
    }

    @Test
    @Order(2)
    void parcelsAreBookedOnTheLaunchesPlatformTeamsPublished() {
        Instant opens = Instant.now().plus(CUTOFF).plusSeconds(40);
        publishAndAwaitOnSale(Region.HANGZHOU, Region.DUBAI, opens);
        publishAndAwaitOnSale(Region.DUBAI, Region.LIEGE, opens);
        doomedLaunch = publishAndAwaitOnSale(Region.HANGZHOU, Region.LIEGE, opens);
        scrubbedLaunch = publishAndAwaitOnSale(Region.LIEGE, Region.HANGZHOU, opens);
        publishAndAwaitOnSale(Region.LIEGE, Region.HANGZHOU, opens.plusSeconds(60));

        for (int i = 0; i < 3; i++) {
            parcels.computeIfAbsent(Region.HANGZHOU, r -> new ArrayList<>()).addAll(book(Region.HANGZHOU, Region.DUBAI, 10));
        }
        parcels.computeIfAbsent(Region.DUBAI, r -> new ArrayList<>()).addAll(book(Region.DUBAI, Region.LIEGE, 12));
        parcels.get(Region.DUBAI).addAll(book(Region.DUBAI, Region.LIEGE, 13));
        lost.addAll(book(Region.HANGZHOU, Region.LIEGE, 3));
        rebooked.addAll(book(Region.LIEGE, Region.HANGZHOU, 4));
        assertThat(parcels.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(50);

        sandbox.cluster(Region.HANGZHOU).resources(Launch.class).inNamespace(Sandbox.NAMESPACE).withName(doomedLaunch)
                .edit(launch -> {
                    Map<String, String> annotations = new HashMap<>();
                    if (launch.getMetadata().getAnnotations() != null) {
                        annotations.putAll(launch.getMetadata().getAnnotations());
                    }
                    annotations.put(Sandbox.FAILURE_ANNOTATION, "flight");
                    launch.getMetadata().setAnnotations(annotations);
                    return launch;
                });
        sandbox.cluster(Region.LIEGE).resources(Launch.class).inNamespace(Sandbox.NAMESPACE).withName(scrubbedLaunch)
                .edit(launch -> {
                    launch.getSpec().setScrub(true);
                    return launch;
                });
    }

    @Test
    @Order(3)
    void gatewayRestartedWhileItsWebhookEndpointIsDownLosesNothing() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> partner(Region.HANGZHOU)
                .get("/v1/webhook").then().statusCode(200)
                .body("consecutiveFailures", org.hamcrest.Matchers.greaterThan(0)));
        sandbox.restartGateway(Region.HANGZHOU);
        partner(Region.HANGZHOU).get("/v1/webhook").then().statusCode(200)
                .body("pending", org.hamcrest.Matchers.greaterThanOrEqualTo(30));
        receiver.failing(false);
    }

    @Test
    @Order(4)
    void parcelsFlyAndAreRecoveredAtTheirDestination() {
        List<String> all = new ArrayList<>();
        parcels.values().forEach(all::addAll);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(all).allSatisfy(number -> assertThat(status(Region.HANGZHOU, number)).isEqualTo("RECOVERED")));
    }

    @Test
    @Order(5)
    void recoveriesAreRunByTheDestinationAndPeersMayDoNothingElseInItsCluster() {
        // After the parcels were recovered: Hangzhou's launches to Dubai completed through their Recoveries.
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(sandbox.cluster(Region.DUBAI)
                .resources(Recovery.class).inNamespace(Sandbox.NAMESPACE).list().getItems())
                .filteredOn(r -> "hangzhou".equals(r.getSpec().getLaunch().getRegion()))
                .anyMatch(r -> r.getStatus() != null && r.getStatus().getPhase() == RecoveryPhase.Recovered));

        // What Hangzhou's operator holds for Dubai's cluster.
        Secret secret = sandbox.cluster(Region.HANGZHOU).secrets().inNamespace(Sandbox.NAMESPACE)
                .withName("region-dubai").get();
        String kubeconfig = secret.getData() != null && secret.getData().containsKey("kubeconfig")
                ? new String(java.util.Base64.getDecoder().decode(secret.getData().get("kubeconfig")))
                : secret.getStringData().get("kubeconfig");
        try (KubernetesClient peer = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig)).build()) {
            assertThat(peer.resources(Recovery.class).list().getItems()).isNotEmpty();
            assertThatThrownBy(() -> peer.batch().v1().jobs().list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> peer.resources(Vehicle.class).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    @Order(5)
    void lastMileReportsAtTheDestinationReachTheOriginAndEveryTimelineIsComplete() {
        parcels.forEach((origin, numbers) -> {
            Region destination = origin == Region.HANGZHOU ? Region.DUBAI : Region.LIEGE;
            numbers.forEach(number -> deliver(destination, number));
        });
        parcels.forEach((origin, numbers) -> numbers.forEach(number -> {
            assertThat(timeline(origin, number)).containsExactlyElementsOf(JOURNEY);
            for (Region region : Region.ALL) {
                partner(region).get("/v1/tracking/" + number).then().statusCode(200)
                        .body("status", equalTo("DELIVERED")).body("origin", equalTo(origin.name()));
            }
        }));
    }

    @Test
    @Order(6)
    void scrubbedLaunchsParcelsAreRebookedAndStillDelivered() {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(rebooked).allSatisfy(number -> assertThat(status(Region.LIEGE, number)).isEqualTo("RECOVERED")));
        rebooked.forEach(number -> deliver(Region.HANGZHOU, number));
        rebooked.forEach(number -> assertThat(timeline(Region.LIEGE, number))
                .containsExactly("BOOKED", "REBOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED", "RECOVERED",
                        "OUT_FOR_DELIVERY", "DELIVERED"));
        assertThat(launch(Region.LIEGE, scrubbedLaunch).getStatus().getPhase()).isEqualTo(LaunchPhase.Scrubbed);
    }

    @Test
    @Order(7)
    void failedMissionsParcelsAreLostAndItsVehicleGrounded() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(lost).allSatisfy(number -> assertThat(status(Region.HANGZHOU, number)).isEqualTo("LOST")));
        Launch failed = launch(Region.HANGZHOU, doomedLaunch);
        assertThat(failed.getStatus().getPhase()).isEqualTo(LaunchPhase.Failed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandbox.cluster(Region.HANGZHOU)
                .resources(Vehicle.class).inNamespace(Sandbox.NAMESPACE).withName(failed.getStatus().getVehicle()).get()
                .getStatus().getPhase()).isEqualTo(VehiclePhase.Grounded));
    }

    @Test
    @Order(8)
    void webhookReceiverHeardEveryEventSignedAndNoneMissing() {
        Set<String> expected = new HashSet<>();
        parcels.forEach((origin, numbers) -> numbers.forEach(number ->
                timeline(origin, number).forEach(status -> expected.add(number + " " + status))));
        rebooked.forEach(number -> timeline(Region.LIEGE, number).forEach(status -> expected.add(number + " " + status)));
        lost.forEach(number -> timeline(Region.HANGZHOU, number).forEach(status -> expected.add(number + " " + status)));

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Set<String> heard = new HashSet<>();
            receiver.accepted().forEach(delivery -> {
                JsonPath body = new JsonPath(delivery.body());
                heard.add(body.getString("data.trackingNumber") + " " + body.getString("data.status"));
            });
            assertThat(heard).containsAll(expected);
        });
        assertThat(receiver.refused()).isEmpty();
    }

    @Test
    @Order(9)
    void everyVehiclesRegionAndFlightCountMatchTheLaunchesFlown() {
        Map<String, Integer> flights = new HashMap<>();
        Map<String, Launch> last = new HashMap<>();
        for (Region region : Region.ALL) {
            for (Launch launch : sandbox.cluster(region).resources(Launch.class).inNamespace(Sandbox.NAMESPACE).list().getItems()) {
                if (launch.getStatus() != null && launch.getStatus().getPhase() == LaunchPhase.Completed) {
                    String vehicle = launch.getStatus().getVehicle();
                    flights.merge(vehicle, 1, Integer::sum);
                    last.merge(vehicle, launch, (a, b) -> Instant.parse(a.getSpec().getWindow().getOpensAt())
                            .isAfter(Instant.parse(b.getSpec().getWindow().getOpensAt())) ? a : b);
                }
            }
        }
        assertThat(flights).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int vehicles = 0;
            for (Region region : Region.ALL) {
                for (Vehicle vehicle : sandbox.cluster(region).resources(Vehicle.class).inNamespace(Sandbox.NAMESPACE).list().getItems()) {
                    vehicles++;
                    String name = vehicle.getMetadata().getName();
                    assertThat(vehicle.getStatus().getFlights()).as("flights of %s", name).isEqualTo(flights.getOrDefault(name, 0));
                    String expectedRegion = last.containsKey(name) ? last.get(name).getSpec().getDestination()
                            : vehicle.getSpec().getHomeRegion();
                    assertThat(region.name()).as("cluster holding %s", name).isEqualTo(expectedRegion);
                    assertThat(vehicle.getStatus().getRegion()).as("region of %s", name).isEqualTo(expectedRegion);
                }
            }
            assertThat(vehicles).isEqualTo(3 * Region.ALL.size());
        });
    }

    @Test
    @Order(10)
    void missingApplicationIsReportedClearly() {
        assertThatThrownBy(() -> Sandbox.start(new SandboxSettings(work.resolve("nothing.jar"),
                work.resolve("nothing.jar"), 0, work.resolve("other"), 300, 1, Duration.ofMinutes(1), false,
                Duration.ofMinutes(1), CUTOFF)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway is not built");
    }

    @Test
    @Order(11)
    void stoppingLeavesNothingRunning() {
        List<java.net.URI> listening = new ArrayList<>();
        Region.ALL.forEach(region -> {
            listening.add(sandbox.gateway(region));
            listening.add(sandbox.operator(region));
            listening.add(java.net.URI.create(sandbox.cluster(region).getMasterUrl().toString()));
        });
        sandbox.close();
        assertThat(listening).allSatisfy(uri -> assertThatThrownBy(() -> {
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.getOutputStream().flush();
            }
        }).as("%s still listening", uri).isInstanceOf(java.io.IOException.class));
        // The applications' JVMs and the database server are gone too.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive).map(process -> process.info().commandLine().orElse("?"))).isEmpty());
    }

    private static String publishAndAwaitOnSale(Region origin, Region destination, Instant opensAt) {
        String name = sandbox.publish(origin, destination, opensAt).getMetadata().getName();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> partner(origin)
                .get("/v1/flights?origin=" + origin.name() + "&destination=" + destination.name())
                .then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(name)));
        return name;
    }

    private static List<String> book(Region origin, Region destination, int count) {
        StringBuilder body = new StringBuilder("{\"origin\":\"" + origin.name() + "\",\"destination\":\""
                + destination.name() + "\",\"parcels\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"massKg\":4,\"lengthCm\":40,\"widthCm\":30,\"heightCm\":20}");
        }
        body.append("]}");
        return partner(origin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body.toString()).post("/v1/bookings")
                .then().statusCode(201).body("status", equalTo("CONFIRMED"))
                .extract().path("parcels.trackingNumber");
    }

    private static void deliver(Region via, String number) {
        partner(via).contentType(ContentType.JSON).body("{\"status\":\"OUT_FOR_DELIVERY\"}")
                .post("/v1/tracking/" + number + "/events").then().statusCode(200);
        partner(via).contentType(ContentType.JSON).body("{\"status\":\"DELIVERED\",\"recipient\":\"front desk\"}")
                .post("/v1/tracking/" + number + "/events").then().statusCode(200);
    }

    private static String status(Region via, String number) {
        return partner(via).get("/v1/tracking/" + number).then().statusCode(200).extract().path("status");
    }

    private static List<String> timeline(Region via, String number) {
        return partner(via).get("/v1/tracking/" + number).then().statusCode(200).extract().path("events.status");
    }

    private static Launch launch(Region origin, String name) {
        KubernetesClient cluster = sandbox.cluster(origin);
        return cluster.resources(Launch.class).inNamespace(Sandbox.NAMESPACE).withName(name).get();
    }

    private static RequestSpecification partner(Region region) {
        return given().baseUri(sandbox.gateway(region).toString()).auth().oauth2(sandbox.demoKey());
    }
}
