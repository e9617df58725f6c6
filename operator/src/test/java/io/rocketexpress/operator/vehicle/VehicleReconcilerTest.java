package io.rocketexpress.operator.vehicle;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import io.rocketexpress.operator.InProcessCluster;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class VehicleReconcilerTest {

    @Inject
    KubernetesClient client;

    @Test
    void vehiclesPerPhaseAreGaugesOfTheFleetInTheCluster() {
        Vehicle cordoned = new Vehicle();
        cordoned.getMetadata().setName("xzy-gauge");
        cordoned.getSpec().setHomeRegion("hangzhou");
        cordoned.getSpec().setGrounded(true);
        client.resource(cordoned).create();
        awaitVehicle("xzy-gauge", v -> phase(v) == VehiclePhase.Grounded);
        await().untilAsserted(() -> assertThat(grounded()).isEqualTo(listed(VehiclePhase.Grounded)).isPositive());

        client.resources(Vehicle.class).withName("xzy-gauge").delete();
        await().untilAsserted(() -> assertThat(grounded()).isEqualTo(listed(VehiclePhase.Grounded)));
    }

    private long grounded() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher line = java.util.regex.Pattern
                .compile("(?m)^rocketexpress_vehicles\\{phase=\"Grounded\"} (\\S+)$").matcher(metrics);
        assertThat(line.find()).as("rocketexpress_vehicles{phase=\"Grounded\"} in\n%s", metrics).isTrue();
        return (long) Double.parseDouble(line.group(1));
    }

    private long listed(VehiclePhase phase) {
        return client.resources(Vehicle.class).list().getItems().stream().filter(v -> phase(v) == phase).count();
    }

    @Test
    void newVehicleBecomesAvailableAtItsHomeRegion() {
        create("xzy-new", 20);

        Vehicle vehicle = awaitVehicle("xzy-new", v -> phase(v) == VehiclePhase.Available);

        assertThat(vehicle.getStatus().getRegion()).isEqualTo("hangzhou");
        assertThat(vehicle.getStatus().getFlights()).isZero();
        assertThat(vehicle.getStatus().getObservedGeneration()).isEqualTo(vehicle.getMetadata().getGeneration());
        assertThat(ready(vehicle).getStatus()).isEqualTo("True");
        assertThat(ready(vehicle).getReason()).isEqualTo("Available");
        assertThat(ready(vehicle).getLastTransitionTime()).isNotBlank();
    }

    @Test
    void groundingTakesTheVehicleOutOfServiceAndLiftingItBringsItBack() {
        create("xzy-cordon", 20);
        awaitVehicle("xzy-cordon", v -> phase(v) == VehiclePhase.Available);

        client.resources(Vehicle.class).withName("xzy-cordon").edit(v -> {
            v.getSpec().setGrounded(true);
            return v;
        });
        Vehicle grounded = awaitVehicle("xzy-cordon", v -> phase(v) == VehiclePhase.Grounded);
        assertThat(ready(grounded).getStatus()).isEqualTo("False");
        assertThat(ready(grounded).getReason()).isEqualTo("Cordoned");
        assertThat(grounded.getStatus().getObservedGeneration()).isEqualTo(grounded.getMetadata().getGeneration());
        awaitEvent("xzy-cordon", "Warning", "Grounded");

        client.resources(Vehicle.class).withName("xzy-cordon").edit(v -> {
            v.getSpec().setGrounded(false);
            return v;
        });
        awaitVehicle("xzy-cordon", v -> phase(v) == VehiclePhase.Available && ready(v).holds());
    }

    @Test
    void refurbishedVehicleBecomesAvailableWhenItsTurnaroundEnds() {
        create("xzy-refurb", 20);
        awaitVehicle("xzy-refurb", v -> phase(v) == VehiclePhase.Available);
        Instant availableAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);

        writeStatus("xzy-refurb", status -> {
            status.setPhase(VehiclePhase.Refurbishing);
            status.setAvailableAt(availableAt.toString());
            status.setFlights(1);
        });

        awaitVehicle("xzy-refurb", v -> phase(v) == VehiclePhase.Refurbishing && !ready(v).holds());
        Vehicle available = await().atMost(Duration.ofSeconds(15)).until(
                () -> client.resources(Vehicle.class).withName("xzy-refurb").get(),
                v -> phase(v) == VehiclePhase.Available);
        assertThat(Instant.now()).isAfterOrEqualTo(availableAt);
        assertThat(available.getStatus().getFlights()).isEqualTo(1);
    }

    @Test
    void vehicleHandedOverByAnotherRegionRefurbishesHereThenBecomesAvailable() {
        Instant availableAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName("xzy-arrived");
        vehicle.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of(Arrival.ANNOTATION,
                new Arrival("dubai-ops/dxb-hgh-1400", "dubai", "hangzhou", 5, availableAt.toString()).toJson())));
        vehicle.getSpec().setHomeRegion("dubai");
        client.resource(vehicle).create();

        Vehicle arrived = awaitVehicle("xzy-arrived", v -> phase(v) != null);
        assertThat(phase(arrived)).isEqualTo(VehiclePhase.Refurbishing);
        assertThat(arrived.getStatus().getRegion()).isEqualTo("hangzhou");
        assertThat(arrived.getStatus().getFlights()).isEqualTo(5);
        assertThat(arrived.getStatus().getLaunch()).isEqualTo("dxb-hgh-1400");

        Vehicle available = await().atMost(Duration.ofSeconds(15)).until(
                () -> client.resources(Vehicle.class).withName("xzy-arrived").get(),
                v -> phase(v) == VehiclePhase.Available);
        assertThat(Instant.now()).isAfterOrEqualTo(availableAt);
        assertThat(available.getStatus().getFlights()).isEqualTo(5);
    }

    @Test
    void malformedArrivalRecordIsAWarningAndAConditionAndTheVehicleIsHeldNotLooped() {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName("xzy-garbled");
        vehicle.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of(Arrival.ANNOTATION, "{\"launch\":")));
        vehicle.getSpec().setHomeRegion("dubai");
        client.resource(vehicle).create();

        Vehicle held = awaitVehicle("xzy-garbled", v -> phase(v) != null);
        assertThat(phase(held)).isEqualTo(VehiclePhase.Grounded);
        assertThat(ready(held).getReason()).isEqualTo(VehicleLifecycle.MALFORMED_ARRIVAL);
        awaitEvent("xzy-garbled", "Warning", "Grounded");
        // Written once: the status it decides on again is the one it wrote.
        String version = held.getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                version.equals(client.resources(Vehicle.class).withName("xzy-garbled").get().getMetadata().getResourceVersion()));

        client.resources(Vehicle.class).withName("xzy-garbled").edit(v -> {
            v.getMetadata().getAnnotations().remove(Arrival.ANNOTATION);
            return v;
        });
        awaitVehicle("xzy-garbled", v -> phase(v) == VehiclePhase.Available);
    }

    @Test
    void vehicleRetiresAfterItsLastFlight() {
        create("xzy-old", 3);
        awaitVehicle("xzy-old", v -> phase(v) == VehiclePhase.Available);

        writeStatus("xzy-old", status -> status.setFlights(3));

        Vehicle retired = awaitVehicle("xzy-old", v -> phase(v) == VehiclePhase.Retired);
        assertThat(ready(retired).getReason()).isEqualTo("MaxFlightsReached");
        assertThat(ready(retired).getStatus()).isEqualTo("False");
    }

    @Test
    void missionFailureKeepsTheVehicleGroundedUntilTheAnnotationIsRemoved() {
        create("xzy-failed", 20);
        awaitVehicle("xzy-failed", v -> phase(v) == VehiclePhase.Available);

        client.resources(Vehicle.class).withName("xzy-failed").edit(v -> {
            v.getMetadata().getAnnotations().put(RocketExpress.MISSION_FAILURE_ANNOTATION, "hgh-dxb-0800");
            return v;
        });
        Vehicle grounded = awaitVehicle("xzy-failed", v -> phase(v) == VehiclePhase.Grounded);
        assertThat(ready(grounded).getReason()).isEqualTo("MissionFailure");
        assertThat(ready(grounded).getMessage()).contains("hgh-dxb-0800");

        client.resources(Vehicle.class).withName("xzy-failed").edit(v -> {
            v.getMetadata().getAnnotations().remove(RocketExpress.MISSION_FAILURE_ANNOTATION);
            return v;
        });
        awaitVehicle("xzy-failed", v -> phase(v) == VehiclePhase.Available);
    }

    @Test
    void reservedVehicleIsLeftToItsLaunch() {
        create("xzy-booked", 20);
        awaitVehicle("xzy-booked", v -> phase(v) == VehiclePhase.Available);

        writeStatus("xzy-booked", status -> {
            status.setPhase(VehiclePhase.Reserved);
            status.setLaunch("hgh-lgg-0900");
        });

        Vehicle reserved = awaitVehicle("xzy-booked", v -> "Reserved".equals(ready(v).getReason()));
        assertThat(phase(reserved)).isEqualTo(VehiclePhase.Reserved);
        assertThat(ready(reserved).getStatus()).isEqualTo("False");
        assertThat(ready(reserved).getMessage()).contains("hgh-lgg-0900");
    }

    private void create(String name, int maxFlights) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getMetadata().setAnnotations(new java.util.HashMap<>());
        vehicle.getSpec().setHomeRegion("hangzhou");
        vehicle.getSpec().setMaxFlights(maxFlights);
        client.resource(vehicle).create();
    }

    private void writeStatus(String name, java.util.function.Consumer<VehicleStatus> change) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Vehicle vehicle = client.resources(Vehicle.class).withName(name).get();
            change.accept(vehicle.getStatus());
            client.resource(vehicle).updateStatus();
        });
    }

    private Vehicle awaitVehicle(String name, Predicate<Vehicle> condition) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> client.resources(Vehicle.class).withName(name).get(),
                v -> v != null && v.getStatus() != null && condition.test(v));
    }

    private void awaitEvent(String name, String type, String reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .anyMatch(reason::equals)
                && client.v1().events().list().getItems().stream().anyMatch(e -> type.equals(e.getType())));
    }

    private static VehiclePhase phase(Vehicle vehicle) {
        return vehicle.getStatus() == null ? null : vehicle.getStatus().getPhase();
    }

    private static Condition ready(Vehicle vehicle) {
        return vehicle.getStatus().getConditions().stream()
                .filter(c -> Vehicle.READY.equals(c.getType()))
                .findFirst().orElseThrow();
    }
}
