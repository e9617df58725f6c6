package io.rocketexpress.operator.recovery;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.VehicleSnapshot;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.operator.kube.Conflicts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Brings a recovered vehicle into this region's fleet: a Vehicle in this cluster, created from the snapshot the
 * origin handed over, carrying its {@link Arrival} so it starts Refurbishing with one flight more. Repeating it
 * (after a restart or a lost answer) finds the Vehicle it created and counts nothing twice.
 */
final class ArrivingVehicle {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ArrivingVehicle() {
    }

    /**
     * Makes the recovered vehicle exist in this cluster.
     *
     * @param region      this region's name
     * @param recoveredAt when the cargo was unloaded; refurbishment is counted from then
     */
    static Outcome arrive(KubernetesClient client, String region, Recovery recovery, Instant recoveredAt) {
        VehicleSnapshot snapshot = recovery.getSpec().getVehicle();
        if (snapshot.getSpec() == null) {
            return Outcome.MISSING;
        }
        String namespace = recovery.getMetadata().getNamespace();
        Arrival arrival = arrival(region, recovery, recoveredAt);
        Vehicle present = client.resources(Vehicle.class).inNamespace(namespace).withName(snapshot.getName()).get();
        if (present == null) {
            Vehicle arriving = new Vehicle();
            arriving.setMetadata(new ObjectMetaBuilder().withName(snapshot.getName()).withNamespace(namespace)
                    .withAnnotations(Map.of(Arrival.ANNOTATION, arrival.toJson())).build());
            arriving.setSpec(JSON.clone(snapshot.getSpec()));
            try {
                present = client.resource(arriving).create();
            } catch (KubernetesClientException e) {
                if (!Conflicts.isAlreadyThere(e)) {
                    throw e;
                }
                present = client.resources(Vehicle.class).inNamespace(namespace).withName(snapshot.getName()).get();
            }
        }
        if (!Arrival.of(present).map(a -> a.broughtBy(arrival.launch())).orElse(false)) {
            return Outcome.NAME_TAKEN;
        }
        if (present.getStatus() == null || present.getStatus().getPhase() == null) {
            present.setStatus(arrival.status());
            try {
                client.resource(present).updateStatus();
            } catch (KubernetesClientException e) {
                // This region's vehicle reconciler initialised it first, from the same arrival record.
                if (!Conflicts.isConflict(e)) {
                    throw e;
                }
            }
        }
        return Outcome.ARRIVED;
    }

    /** Refurbishment counts from the recovery, not from whenever this step happens to run: repeatable. */
    private static Arrival arrival(String region, Recovery recovery, Instant recoveredAt) {
        VehicleSnapshot snapshot = recovery.getSpec().getVehicle();
        int flights = snapshot.getFlights() == null ? 0 : snapshot.getFlights();
        Instant availableAt = recoveredAt.plus(snapshot.getSpec().turnaroundDuration()).truncatedTo(ChronoUnit.SECONDS);
        return new Arrival(recovery.getSpec().getLaunch().key(), recovery.getSpec().getLaunch().getRegion(), region,
                flights + 1, availableAt.toString());
    }

    enum Outcome {
        /** The vehicle is in this region's fleet (now, or already before this call). */
        ARRIVED,
        /** The vehicle was deleted while it flew: nothing arrives. */
        MISSING,
        /** This region already has another vehicle of the same name; someone has to rename one. */
        NAME_TAKEN
    }
}
