package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's vehicles: XZY-1s stationed at every region, named xzy-1-<code>-<n> so a name says where a
 * vehicle started (names stay unique across the network, as the handover requires). Their turnaround is
 * short, so the same vehicles keep flying the rolling schedule.
 */
final class Fleet {

    private Fleet() {
    }

    /** Creates the vehicles of a region in its cluster; returns their names. */
    static List<String> station(KubernetesClient cluster, String namespace, Region region, int vehicles,
                                Duration turnaround) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= vehicles; i++) {
            VehicleSpec spec = new VehicleSpec();
            spec.setHomeRegion(region.name());
            spec.setTurnaround(turnaround.toString());
            Vehicle vehicle = new Vehicle();
            String name = "xzy-1-" + region.code().toLowerCase() + "-" + String.format("%02d", i);
            vehicle.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                    .withLabels(Map.of("rocketexpress.io/home-region", region.name())).build());
            vehicle.setSpec(spec);
            cluster.resource(vehicle).inNamespace(namespace).create();
            names.add(name);
        }
        return names;
    }
}
