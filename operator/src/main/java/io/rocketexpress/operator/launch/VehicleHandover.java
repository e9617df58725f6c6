package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.kube.Conflicts;

import java.util.Optional;

/**
 * Ends a flight for its vehicle at the origin. A vehicle's resource lives in the cluster of the region it is at,
 * so that each region's platform team sees its own fleet with {@code kubectl get vehicles} and each region's
 * operator reserves only what is really there. The destination's operator created the arriving copy from the
 * Recovery's snapshot; once the Recovery says so, the origin deletes its own copy. Repeatable: a copy already
 * gone, or no longer this launch's, is left alone.
 */
final class VehicleHandover {

    private final KubernetesClient local;

    VehicleHandover(KubernetesClient local) {
        this.local = local;
    }

    /** Deletes the origin's copy of the vehicle this launch flew, if it still holds it; returns whether it did. */
    boolean depart(Launch launch, String vehicleName) {
        String namespace = launch.getMetadata().getNamespace();
        return Conflicts.retry("vehicle " + vehicleName, () -> {
            Vehicle vehicle = local.resources(Vehicle.class).inNamespace(namespace).withName(vehicleName).get();
            boolean held = vehicle != null && vehicle.getStatus() != null
                    && launch.getMetadata().getName().equals(vehicle.getStatus().getLaunch())
                    && vehicle.getStatus().getPhase() == VehiclePhase.Recovering;
            if (!held) {
                return Optional.of(false);
            }
            // Guarded by the version read: a vehicle that changed meanwhile is looked at again.
            local.resource(vehicle).lockResourceVersion(vehicle.getMetadata().getResourceVersion()).delete();
            return Optional.of(true);
        }).orElse(false);
    }
}
