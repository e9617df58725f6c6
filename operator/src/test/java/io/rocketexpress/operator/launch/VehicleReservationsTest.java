package io.rocketexpress.operator.launch;

import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which vehicle a launch would take, decided from the informer's cache alone. */
class VehicleReservationsTest {

    @Test
    void launchesLookingAtOnceChooseDifferentVehicles() {
        List<Vehicle> fleet = IntStream.range(0, 100).mapToObj(i -> vehicle("v-" + i, 0)).toList();

        Set<String> chosen = IntStream.range(0, 100)
                .mapToObj(i -> VehicleReservations.choose(launch("l-" + i), fleet).vehicle().getMetadata().getName())
                .collect(Collectors.toSet());

        // All taking the same first vehicle, 99 of 100 reservations would fail on a conflict and look again.
        assertThat(chosen).hasSizeGreaterThan(50);
    }

    @Test
    void launchChoosesTheSameVehicleEachTimeItLooks() {
        List<Vehicle> fleet = IntStream.range(0, 20).mapToObj(i -> vehicle("v-" + i, 0)).toList();
        List<Vehicle> listedOtherwise = new ArrayList<>(fleet);
        Collections.reverse(listedOtherwise);

        assertThat(VehicleReservations.choose(launch("l-1"), fleet).vehicle())
                .isSameAs(VehicleReservations.choose(launch("l-1"), listedOtherwise).vehicle());
    }

    @Test
    void vehicleThatFlewLeastIsStillTakenFirst() {
        List<Vehicle> fleet = IntStream.range(0, 20).mapToObj(i -> vehicle("v-" + i, i == 13 ? 2 : 5)).toList();

        IntStream.range(0, 20).forEach(i -> assertThat(VehicleReservations.choose(launch("l-" + i), fleet)
                .vehicle().getMetadata().getName()).isEqualTo("v-13"));
    }

    private static Launch launch(String name) {
        Launch launch = new Launch();
        launch.getMetadata().setName(name);
        launch.getMetadata().setNamespace("ops");
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination("dubai");
        launch.getSpec().setWindow(new LaunchWindow("2026-12-01T09:00:00Z", "2026-12-01T10:00:00Z"));
        return launch;
    }

    private static Vehicle vehicle(String name, int flights) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getSpec().setHomeRegion("hangzhou");
        VehicleStatus status = new VehicleStatus();
        status.setPhase(VehiclePhase.Available);
        status.setRegion("hangzhou");
        status.setFlights(flights);
        vehicle.setStatus(status);
        return vehicle;
    }
}
