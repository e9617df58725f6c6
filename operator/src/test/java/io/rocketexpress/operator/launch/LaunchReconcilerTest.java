package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.InProcessCluster;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class LaunchReconcilerTest {

    @Inject
    KubernetesClient client;

    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final Instant inAnHour = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void launchGetsAVehicleAtItsOriginAndIsScheduled() {
        // Other tests' vehicles stay around: only this one is big enough for the manifest.
        vehicle("veh-a-" + tag, "hangzhou", 1_000_001);

        Launch launch = awaitLaunch(create(withManifest(launch("lnch-a-" + tag, null), 1_000_000)),
                l -> phase(l) == LaunchPhase.Scheduled);

        assertThat(launch.getStatus().getVehicle()).isEqualTo("veh-a-" + tag);
        assertThat(condition(launch, LaunchConditions.VEHICLE_RESERVED).getStatus()).isEqualTo("True");
        assertThat(condition(launch, LaunchConditions.REGIONS_VALID).getStatus()).isEqualTo("True");
        assertThat(condition(launch, LaunchConditions.MANIFEST_SEALED).getStatus()).isEqualTo("False");
        assertThat(launch.getStatus().getObservedGeneration()).isEqualTo(launch.getMetadata().getGeneration());
        Vehicle vehicle = client.resources(Vehicle.class).withName("veh-a-" + tag).get();
        assertThat(vehicle.getStatus().getPhase()).isEqualTo(VehiclePhase.Reserved);
        assertThat(vehicle.getStatus().getLaunch()).isEqualTo("lnch-a-" + tag);
        awaitEvent("lnch-a-" + tag, "Normal", "Scheduled");
    }

    @Test
    void vehicleIsNeverReservedByTwoLaunches() {
        vehicle("veh-b-" + tag, "hangzhou", 10_000);
        Launch first = launch("lnch-b1-" + tag, "veh-b-" + tag);
        Launch second = launch("lnch-b2-" + tag, "veh-b-" + tag);

        client.resource(first).create();
        client.resource(second).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<Launch> both = List.of(get(first), get(second));
            assertThat(both).as("launches racing for one vehicle: %s", both.stream()
                            .map(l -> l.getMetadata().getName() + "=" + (l.getStatus() == null ? null
                                    : l.getStatus().getPhase() + " " + l.getStatus().getConditions()))
                            .toList())
                    .satisfies(l -> assertThat(l.stream().filter(x -> phase(x) == LaunchPhase.Scheduled)).hasSize(1))
                    .anySatisfy(l -> assertThat(l.getStatus() != null
                            && hasCondition(l, LaunchConditions.VEHICLE_RESERVED, "False")).isTrue());
        });
        Launch winner = phase(get(first)) == LaunchPhase.Scheduled ? get(first) : get(second);
        Launch waiting = winner.getMetadata().getName().equals(first.getMetadata().getName()) ? get(second) : get(first);
        assertThat(client.resources(Vehicle.class).withName("veh-b-" + tag).get().getStatus().getLaunch())
                .isEqualTo(winner.getMetadata().getName());
        assertThat(phase(waiting)).isEqualTo(LaunchPhase.Pending);
        assertThat(condition(waiting, LaunchConditions.VEHICLE_RESERVED).getReason()).isEqualTo("VehicleUnavailable");
        assertThat(waiting.getStatus().getVehicle()).isNull();
    }

    @Test
    void launchWaitsForAVehicleAndTakesTheOneThatArrives() {
        vehicle("veh-small-" + tag, "hangzhou", 500_000);
        Launch waiting = create(withManifest(launch("lnch-c-" + tag, null), 900_000));
        awaitLaunch(waiting, l -> hasCondition(l, LaunchConditions.VEHICLE_RESERVED, "False"));
        awaitEvent("lnch-c-" + tag, "Warning", "NoVehicleAvailable");

        // Not waited for: the launch may take it the moment it is Available.
        createVehicle("veh-big-" + tag, "hangzhou", 2_000_000);

        Launch scheduled = awaitLaunch(waiting, l -> phase(l) == LaunchPhase.Scheduled);
        assertThat(scheduled.getStatus().getVehicle()).isEqualTo("veh-big-" + tag);
        assertThat(client.resources(Vehicle.class).withName("veh-small-" + tag).get().getStatus().getPhase())
                .isEqualTo(VehiclePhase.Available);
    }

    @Test
    void launchWaitingForAVehicleAsksTheApiServerForNothing() {
        Launch waiting = create(withManifest(launch("lnch-w-" + tag, null), 5_000_000));
        awaitLaunch(waiting, l -> hasCondition(l, LaunchConditions.VEHICLE_RESERVED, "False"));
        InProcessCluster.cluster().takeRequests();

        // Looked at again every second (rocketexpress.launch.vehicle-retry in tests), from the informers' caches:
        // no vehicle listed, no status written while nothing changes.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                InProcessCluster.cluster().takeRequests().stream().noneMatch(request ->
                        isVehicleList(request) || request.startsWith("PUT /apis/rocketexpress.io/v1alpha1/namespaces/test/launches/lnch-w-")));
    }

    private static boolean isVehicleList(String request) {
        String[] pathAndQuery = request.split("\\?", 2);
        return pathAndQuery[0].equals("GET /apis/rocketexpress.io/v1alpha1/namespaces/test/vehicles")
                && (pathAndQuery.length == 1 || !pathAndQuery[1].contains("watch=true"));
    }

    @Test
    void reservingAnAvailableVehicleReadsItFromTheCacheAndWritesItOnce() {
        vehicle("veh-r-" + tag, "hangzhou", 3_000_000);
        InProcessCluster.cluster().takeRequests();

        awaitLaunch(create(withManifest(launch("lnch-r-" + tag, null), 2_500_000)),
                l -> phase(l) == LaunchPhase.Scheduled);

        String vehicle = "/apis/rocketexpress.io/v1alpha1/namespaces/test/vehicles/veh-r-" + tag;
        List<String> requests = new ArrayList<>();
        // Decided on the informer's copy and written with its resourceVersion, Ready condition included: no read
        // first, and nothing left for the vehicle's own reconciler to write after it.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
            requests.addAll(InProcessCluster.cluster().takeRequests());
            return requests.stream().filter(request -> request.equals("PUT " + vehicle + "/status")).count() == 1;
        });
        assertThat(requests).noneMatch(request -> request.equals("GET " + vehicle));
        assertThat(client.resources(Vehicle.class).withName("veh-r-" + tag).get().getStatus().getConditions())
                .anyMatch(c -> Vehicle.READY.equals(c.getType()) && "Reserved".equals(c.getReason()));
    }

    @Test
    void vehicleElsewhereIsNotTaken() {
        vehicle("veh-away-" + tag, "dubai", 10_000);

        Launch launch = awaitLaunch(create(launch("lnch-d-" + tag, "veh-away-" + tag)),
                l -> hasCondition(l, LaunchConditions.VEHICLE_RESERVED, "False"));

        assertThat(condition(launch, LaunchConditions.VEHICLE_RESERVED).getMessage()).contains("is at dubai");
    }

    @Test
    void unknownDestinationIsAConditionAndAWarningNotACrash() {
        Launch launch = launch("lnch-e-" + tag, null);
        launch.getSpec().setDestination("atlantis");

        Launch invalid = awaitLaunch(create(launch), l -> hasCondition(l, LaunchConditions.REGIONS_VALID, "False"));

        assertThat(condition(invalid, LaunchConditions.REGIONS_VALID).getReason()).isEqualTo("UnknownRegion");
        assertThat(invalid.getStatus().getMessage()).contains("atlantis");
        assertThat(phase(invalid)).isEqualTo(LaunchPhase.Pending);
        awaitEvent("lnch-e-" + tag, "Warning", "UnknownRegion");
    }

    @Test
    void launchFromAnotherRegionBelongsInThatRegionsCluster() {
        Launch launch = launch("lnch-f-" + tag, null);
        launch.getSpec().setOrigin("liege");

        Launch invalid = awaitLaunch(create(launch), l -> hasCondition(l, LaunchConditions.REGIONS_VALID, "False"));

        assertThat(condition(invalid, LaunchConditions.REGIONS_VALID).getReason()).isEqualTo("WrongCluster");
    }

    @Test
    void scrubReleasesTheVehicle() {
        vehicle("veh-g-" + tag, "hangzhou", 10_000);
        Launch launch = awaitLaunch(create(launch("lnch-g-" + tag, "veh-g-" + tag)), l -> phase(l) == LaunchPhase.Scheduled);

        client.resources(Launch.class).withName(launch.getMetadata().getName()).edit(l -> {
            l.getSpec().setScrub(true);
            return l;
        });

        Launch scrubbed = awaitLaunch(launch, l -> phase(l) == LaunchPhase.Scrubbed);
        assertThat(condition(scrubbed, LaunchConditions.FAILED)).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("True", "ScrubRequested");
        assertThat(condition(scrubbed, LaunchConditions.COMPLETE).getStatus()).isEqualTo("False");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Vehicle.class).withName("veh-g-" + tag)
                .get().getStatus().getPhase() == VehiclePhase.Available);
        awaitEvent("lnch-g-" + tag, "Warning", "Scrubbed");
    }

    @Test
    void windowClosingWithoutASealedManifestScrubsTheLaunch() {
        vehicle("veh-h-" + tag, "hangzhou", 10_000);
        Instant opens = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Launch launch = launch("lnch-h-" + tag, "veh-h-" + tag);
        launch.getSpec().setWindow(new LaunchWindow(opens.toString(), opens.plusSeconds(3).toString()));

        Launch scrubbed = awaitLaunch(create(launch), l -> phase(l) == LaunchPhase.Scrubbed);

        assertThat(condition(scrubbed, LaunchConditions.FAILED).getReason()).isEqualTo("NoManifest");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Vehicle.class).withName("veh-h-" + tag)
                .get().getStatus().getPhase() == VehiclePhase.Available);
    }

    @Test
    void deletingALaunchReleasesItsVehicle() {
        vehicle("veh-i-" + tag, "hangzhou", 10_000);
        Launch launch = awaitLaunch(create(launch("lnch-i-" + tag, "veh-i-" + tag)), l -> phase(l) == LaunchPhase.Scheduled);
        assertThat(launch.getMetadata().getFinalizers()).isNotEmpty();

        client.resource(launch).delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> get(launch) == null);
        assertThat(client.resources(Vehicle.class).withName("veh-i-" + tag).get().getStatus().getPhase())
                .isEqualTo(VehiclePhase.Available);
    }

    private void vehicle(String name, String region, double capacityKg) {
        createVehicle(name, region, capacityKg);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Vehicle v = client.resources(Vehicle.class).withName(name).get();
            return v.getStatus() != null && v.getStatus().getPhase() == VehiclePhase.Available;
        });
    }

    private void createVehicle(String name, String region, double capacityKg) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getSpec().setHomeRegion(region);
        vehicle.getSpec().setPayloadCapacityKg(capacityKg);
        client.resource(vehicle).create();
    }

    private Launch launch(String name, String vehicle) {
        Launch launch = new Launch();
        launch.getMetadata().setName(name);
        launch.getSpec().setVehicle(vehicle);
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination("dubai");
        launch.getSpec().setWindow(new LaunchWindow(inAnHour.toString(), inAnHour.plusSeconds(1800).toString()));
        return launch;
    }

    private static Launch withManifest(Launch launch, double massKg) {
        Manifest manifest = new Manifest();
        manifest.setMassKg(massKg);
        launch.getSpec().setManifest(manifest);
        return launch;
    }

    private Launch create(Launch launch) {
        return client.resource(launch).create();
    }

    private Launch get(Launch launch) {
        return client.resources(Launch.class).withName(launch.getMetadata().getName()).get();
    }

    private Launch awaitLaunch(Launch launch, Predicate<Launch> condition) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> get(launch),
                l -> l != null && l.getStatus() != null && condition.test(l));
    }

    private void awaitEvent(String name, String type, String reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .anyMatch(e -> type.equals(e.getType()) && reason.equals(((Event) e).getReason())));
    }

    private static LaunchPhase phase(Launch launch) {
        return launch == null || launch.getStatus() == null ? null : launch.getStatus().getPhase();
    }

    private static boolean hasCondition(Launch launch, String type, String status) {
        return launch.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
    }

    private static Condition condition(Launch launch, String type) {
        return launch.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
