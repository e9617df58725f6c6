package io.rocketexpress.gateway.pages;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.launch.LaunchWindow;
import io.rocketexpress.model.vehicle.Vehicle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** Publishes vehicles and launches to this region's cluster, and plays the operator's part on their status. */
final class Launches {

    private Launches() {
    }

    static KubernetesClient cluster() {
        return InProcessCluster.cluster().client();
    }

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A vehicle of that payload and cabin, and a launch on it from Hangzhou opening in two hours. */
    static String publish(String destination, double kg, double m3) {
        String vehicle = name("veh");
        Vehicle v = new Vehicle();
        v.getMetadata().setName(vehicle);
        v.getMetadata().setNamespace(InProcessCluster.NAMESPACE);
        v.getSpec().setHomeRegion("hangzhou");
        v.getSpec().setPayloadCapacityKg(kg);
        v.getSpec().setCargoVolumeM3(m3);
        cluster().resource(v).create();
        String launch = name("lnch");
        Instant opens = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Launch l = new Launch();
        l.getMetadata().setName(launch);
        l.getMetadata().setNamespace(InProcessCluster.NAMESPACE);
        l.getSpec().setVehicle(vehicle);
        l.getSpec().setOrigin("hangzhou");
        l.getSpec().setDestination(destination);
        l.getSpec().setWindow(new LaunchWindow(opens.toString(), opens.plus(Duration.ofMinutes(30)).toString()));
        l.getSpec().setCutoff("PT30M");
        cluster().resource(l).create();
        return launch;
    }

    /** Writes the launch's status as the operator would. */
    static void status(String name, Consumer<LaunchStatus> change) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Launch launch = cluster().resources(Launch.class).inNamespace(InProcessCluster.NAMESPACE).withName(name)
                    .get();
            LaunchStatus status = launch.getStatus() == null ? new LaunchStatus() : launch.getStatus();
            change.accept(status);
            launch.setStatus(status);
            cluster().resource(launch).updateStatus();
        });
    }
}
