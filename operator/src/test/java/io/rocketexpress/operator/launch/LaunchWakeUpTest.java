package io.rocketexpress.operator.launch;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which launches a vehicle's change wakes: from the informers' caches, no LIST and no polling needed. */
class LaunchWakeUpTest {

    private final List<Launch> launches = List.of(
            launch("waiting-here", "hangzhou", LaunchPhase.Pending),
            launch("new-here", "hangzhou", null),
            launch("waiting-elsewhere", "dubai", LaunchPhase.Pending),
            launch("scheduled-here", "hangzhou", LaunchPhase.Scheduled));

    @Test
    void aVehicleBecomingAvailableWakesTheLaunchesWaitingAtItsRegion() {
        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Available, null), cache()))
                .containsExactlyInAnyOrder(id("waiting-here"), id("new-here"));
    }

    @Test
    void aReservedOrFlyingVehicleWakesOnlyItsOwnLaunch() {
        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Reserved, "scheduled-here"), cache()))
                .containsExactly(id("scheduled-here"));
        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Refurbishing, null), cache())).isEmpty();
    }

    @Test
    void aLaunchOwnsOnlyTheVehicleItsStatusNamesNotEveryVehicleThatWokeIt() {
        Launch scheduled = launch("scheduled-here", "hangzhou", LaunchPhase.Scheduled);
        scheduled.getStatus().setVehicle("v1");

        assertThat(LaunchReconciler.vehicleHeld(scheduled)).containsExactly(id("v1"));
        assertThat(LaunchReconciler.vehicleHeld(launch("waiting-here", "hangzhou", LaunchPhase.Pending))).isEmpty();
        assertThat(LaunchReconciler.vehicleHeld(launch("new-here", "hangzhou", null))).isEmpty();
    }

    private static ResourceID id(String name) {
        return new ResourceID(name, "ops");
    }

    private static Vehicle vehicle(VehiclePhase phase, String launch) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName("v1");
        vehicle.getMetadata().setNamespace("ops");
        VehicleStatus status = new VehicleStatus();
        status.setPhase(phase);
        status.setRegion("hangzhou");
        status.setLaunch(launch);
        vehicle.setStatus(status);
        return vehicle;
    }

    private static Launch launch(String name, String origin, LaunchPhase phase) {
        Launch launch = new Launch();
        launch.getMetadata().setName(name);
        launch.getMetadata().setNamespace("ops");
        launch.getSpec().setOrigin(origin);
        launch.getSpec().setDestination("liege");
        if (phase != null) {
            LaunchStatus status = new LaunchStatus();
            status.setPhase(phase);
            launch.setStatus(status);
        }
        return launch;
    }

    /** The Launch informer's cache, holding the launches above. */
    private IndexerResourceCache<Launch> cache() {
        return new IndexerResourceCache<>() {
            @Override
            public Stream<Launch> list(String namespace, Predicate<Launch> predicate) {
                return launches.stream().filter(l -> namespace.equals(l.getMetadata().getNamespace())).filter(predicate);
            }

            @Override
            public Optional<Launch> get(ResourceID id) {
                return launches.stream().filter(l -> ResourceID.fromResource(l).equals(id)).findFirst();
            }

            @Override
            public Stream<ResourceID> keys() {
                return launches.stream().map(ResourceID::fromResource);
            }

            @Override
            public Stream<Launch> list(Predicate<Launch> predicate) {
                return launches.stream().filter(predicate);
            }

            @Override
            public void addIndexers(Map<String, Function<Launch, List<String>>> indexers) {
            }

            @Override
            public List<Launch> byIndex(String index, String key) {
                return List.of();
            }
        };
    }
}
