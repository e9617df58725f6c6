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

    private List<Launch> launches = List.of(
            launch("waiting-here", "hangzhou", LaunchPhase.Pending),
            launch("new-here", "hangzhou", null),
            launch("waiting-elsewhere", "dubai", LaunchPhase.Pending),
            launch("scheduled-here", "hangzhou", LaunchPhase.Scheduled));

    @Test
    void aVehicleWakesOnlyTheWaitingLaunchesWhoseWindowsOpenFirst() {
        launches = java.util.stream.IntStream.range(0, 3 * LaunchReconciler.WAKE_LIMIT)
                .mapToObj(i -> launch("l-" + i, "hangzhou", LaunchPhase.Pending, 600 - i)).toList();

        assertThat(concerned(vehicle(VehiclePhase.Available, null)))
                .hasSize(LaunchReconciler.WAKE_LIMIT)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, LaunchReconciler.WAKE_LIMIT)
                        .mapToObj(i -> id("l-" + (3 * LaunchReconciler.WAKE_LIMIT - 1 - i))).toList());
    }

    @Test
    void aVehicleDoesNotWakeLaunchesItCannotServe() {
        Launch wantsAnother = launch("wants-another", "hangzhou", LaunchPhase.Pending);
        wantsAnother.getSpec().setVehicle("v2");
        Launch wantsThisOne = launch("wants-this-one", "hangzhou", LaunchPhase.Pending);
        wantsThisOne.getSpec().setVehicle("v1");
        Launch tooHeavy = launch("too-heavy", "hangzhou", LaunchPhase.Pending);
        tooHeavy.getSpec().setManifest(new io.rocketexpress.model.launch.Manifest());
        tooHeavy.getSpec().getManifest().setMassKg(1_000_000.0);
        launches = List.of(wantsAnother, wantsThisOne, tooHeavy);

        assertThat(concerned(vehicle(VehiclePhase.Available, null)))
                .containsExactly(id("wants-this-one"));
    }

    @Test
    void theIndexesNameWhatAReconcileLooksUp() {
        assertThat(WaitingLaunches.waiting(launch("new-here", "hangzhou", null))).isTrue();
        assertThat(WaitingLaunches.waiting(launch("waiting-here", "hangzhou", LaunchPhase.Pending))).isTrue();
        assertThat(WaitingLaunches.waiting(launch("scheduled-here", "hangzhou", LaunchPhase.Scheduled))).isFalse();
        assertThat(LaunchReconciler.availableAt(vehicle(VehiclePhase.Available, null))).containsExactly("ops/hangzhou");
        assertThat(LaunchReconciler.availableAt(vehicle(VehiclePhase.Reserved, "l"))).isEmpty();
        assertThat(LaunchReconciler.heldFor(vehicle(VehiclePhase.Reserved, "l"))).containsExactly("ops/l");
        assertThat(LaunchReconciler.heldFor(vehicle(VehiclePhase.Available, null))).isEmpty();
    }

    @Test
    void aLaunchScheduledOrDeletedSinceItWasFiledIsNotWoken() {
        WaitingLaunches waiting = new WaitingLaunches();
        launches.forEach(waiting::update);
        Launch scheduled = launch("waiting-here", "hangzhou", LaunchPhase.Scheduled);
        launches = List.of(scheduled, launch("waiting-elsewhere", "dubai", LaunchPhase.Pending));

        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Available, null), cache(), waiting)).isEmpty();

        launches = List.of(launch("waiting-here", "hangzhou", LaunchPhase.Pending));
        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Available, null), cache(), waiting))
                .as("taken out when found scheduled; filed again by its next reconcile").isEmpty();
        launches.forEach(waiting::update);
        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Available, null), cache(), waiting))
                .containsExactly(id("waiting-here"));
    }

    @Test
    void aLaunchWhoseWindowMovedIsFiledAgainInItsNewPlace() {
        WaitingLaunches waiting = new WaitingLaunches();
        launches = java.util.stream.IntStream.range(0, LaunchReconciler.WAKE_LIMIT + 1)
                .mapToObj(i -> launch("l-" + i, "hangzhou", LaunchPhase.Pending, 600 + i)).toList();
        launches.forEach(waiting::update);
        Launch last = launch("l-" + LaunchReconciler.WAKE_LIMIT, "hangzhou", LaunchPhase.Pending, 1);
        launches = java.util.stream.Stream.concat(launches.stream().limit(LaunchReconciler.WAKE_LIMIT), Stream.of(last)).toList();
        waiting.update(last);

        assertThat(LaunchReconciler.launchesConcerned(vehicle(VehiclePhase.Available, null), cache(), waiting))
                .contains(id("l-" + LaunchReconciler.WAKE_LIMIT)).doesNotContain(id("l-" + (LaunchReconciler.WAKE_LIMIT - 1)));
    }

    @Test
    void aVehicleBecomingAvailableWakesTheLaunchesWaitingAtItsRegion() {
        assertThat(concerned(vehicle(VehiclePhase.Available, null)))
                .containsExactlyInAnyOrder(id("waiting-here"), id("new-here"));
    }

    @Test
    void aReservedOrFlyingVehicleWakesOnlyItsOwnLaunch() {
        assertThat(concerned(vehicle(VehiclePhase.Reserved, "scheduled-here")))
                .containsExactly(id("scheduled-here"));
        assertThat(concerned(vehicle(VehiclePhase.Refurbishing, null))).isEmpty();
    }

    @Test
    void aLaunchOwnsOnlyTheVehicleItsStatusNamesNotEveryVehicleThatWokeIt() {
        Launch scheduled = launch("scheduled-here", "hangzhou", LaunchPhase.Scheduled);
        scheduled.getStatus().setVehicle("v1");

        assertThat(LaunchReconciler.vehicleHeld(scheduled)).containsExactly(id("v1"));
        assertThat(LaunchReconciler.vehicleHeld(launch("waiting-here", "hangzhou", LaunchPhase.Pending))).isEmpty();
        assertThat(LaunchReconciler.vehicleHeld(launch("new-here", "hangzhou", null))).isEmpty();
    }

    /** What a vehicle's change wakes, every launch above having been reconciled once, as on startup. */
    private java.util.Set<ResourceID> concerned(Vehicle vehicle) {
        WaitingLaunches waiting = new WaitingLaunches();
        launches.forEach(waiting::update);
        return LaunchReconciler.launchesConcerned(vehicle, cache(), waiting);
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
        vehicle.setSpec(new io.rocketexpress.model.vehicle.VehicleSpec());
        return vehicle;
    }

    private static Launch launch(String name, String origin, LaunchPhase phase) {
        return launch(name, origin, phase, 600);
    }

    private static Launch launch(String name, String origin, LaunchPhase phase, int opensInSeconds) {
        Launch launch = new Launch();
        java.time.Instant opens = java.time.Instant.parse("2026-12-01T00:00:00Z").plusSeconds(opensInSeconds);
        launch.getSpec().setWindow(new io.rocketexpress.model.launch.LaunchWindow(opens.toString(),
                opens.plusSeconds(3600).toString()));
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
                throw new AssertionError("a vehicle's change looks up no index of launches");
            }
        };
    }
}
