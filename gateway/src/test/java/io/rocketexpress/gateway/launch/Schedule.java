package io.rocketexpress.gateway.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.vehicle.Vehicle;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** Publishes vehicles and launches to the gateway's cluster, and plays the operator's part on their status. */
final class Schedule {

    private Schedule() {
    }

    static KubernetesClient cluster() {
        return InProcessCluster.cluster().client();
    }

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String vehicle(String name, double kg, double m3) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getMetadata().setNamespace(InProcessCluster.NAMESPACE);
        vehicle.getSpec().setHomeRegion("hangzhou");
        vehicle.getSpec().setPayloadCapacityKg(kg);
        vehicle.getSpec().setCargoVolumeM3(m3);
        cluster().resource(vehicle).create();
        return name;
    }

    static Launch launch(String name, String vehicle, String destination, Instant opensAt, String cutoff) {
        Launch launch = new Launch();
        launch.getMetadata().setName(name);
        launch.getMetadata().setNamespace(InProcessCluster.NAMESPACE);
        launch.getSpec().setVehicle(vehicle);
        launch.getSpec().setOrigin("hangzhou");
        launch.getSpec().setDestination(destination);
        launch.getSpec().setWindow(new LaunchWindow(opensAt.toString(), opensAt.plus(Duration.ofMinutes(30)).toString()));
        launch.getSpec().setCutoff(cutoff);
        return cluster().resource(launch).create();
    }

    static Launch get(String name) {
        return cluster().resources(Launch.class).inNamespace(InProcessCluster.NAMESPACE).withName(name).get();
    }

    /** Writes the launch's status as the operator would, with the resourceVersion read. */
    static void status(String name, Consumer<LaunchStatus> change) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Launch launch = get(name);
            LaunchStatus status = launch.getStatus() == null ? new LaunchStatus() : launch.getStatus();
            change.accept(status);
            launch.setStatus(status);
            cluster().resource(launch).updateStatus();
        });
    }
}
