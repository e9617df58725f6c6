package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.region.Region;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.region.RegionCalls;
import io.rocketexpress.operator.region.RegionClients;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ends a flight for its vehicle: the vehicle is now at the destination, refurbishing, one flight more. A
 * vehicle's resource lives in the cluster of the region it is at, so that each region's platform team sees
 * its own fleet with {@code kubectl get vehicles} and each region's operator reserves only what is really
 * there. A launch always ends in another region than its origin's, so the resource moves: it is created in
 * the destination's cluster first, carrying its {@link Arrival}, and only then deleted here. Every step can be repeated after a
 * restart or a lost answer without counting the flight twice.
 */
final class VehicleHandover {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final int ATTEMPTS = 3;

    private final KubernetesClient local;
    private final RegionClients regions;
    private final RegionCalls calls;

    VehicleHandover(KubernetesClient local, RegionClients regions, RegionCalls calls) {
        this.local = local;
        this.regions = regions;
        this.calls = calls;
    }

    /**
     * Hands the launch's vehicle over to its destination.
     *
     * @param recoveredAt when the cargo was unloaded; refurbishment is counted from then
     * @return what became of the vehicle
     * @throws io.rocketexpress.operator.region.RegionUnavailable when the destination's cluster does not answer
     */
    Outcome handOver(Launch launch, String vehicleName, Instant recoveredAt) {
        String namespace = launch.getMetadata().getNamespace();
        String destination = launch.getSpec().getDestination();
        Region there = regions.region(destination);
        Vehicle vehicle = local.resources(Vehicle.class).inNamespace(namespace).withName(vehicleName).get();
        boolean held = vehicle != null && vehicle.getStatus() != null
                && launch.getMetadata().getName().equals(vehicle.getStatus().getLaunch())
                && vehicle.getStatus().getPhase() == VehiclePhase.Recovering;

        if (!held) {
            // Either moved already (a repeated step) or gone for another reason.
            return calls.call(destination, client -> arrivedIn(client, there.namespace(), launch, vehicleName))
                    ? Outcome.ARRIVED : Outcome.MISSING;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Vehicle leaving = vehicle;
            Arrival arrival = arrival(launch, leaving, recoveredAt);
            boolean placed = calls.call(destination, client -> place(client, there.namespace(), leaving, arrival));
            if (!placed) {
                return Outcome.NAME_TAKEN;
            }
            try {
                // Guarded by the version copied: a spec changed meanwhile (grounded, say) is copied again.
                local.resource(leaving).lockResourceVersion(leaving.getMetadata().getResourceVersion()).delete();
                return Outcome.ARRIVED;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            vehicle = local.resources(Vehicle.class).inNamespace(namespace).withName(vehicleName).get();
            if (vehicle == null) {
                return Outcome.ARRIVED;
            }
        }
        throw new IllegalStateException("vehicle " + vehicleName + " kept changing while being handed over");
    }

    /**
     * Makes the vehicle exist in the destination's namespace with the arrival state. The spec is brought up to
     * date with the leaving copy, so the latest word of the platform team travels with it.
     *
     * @return false when another vehicle of that name is already there
     */
    private static boolean place(KubernetesClient client, String namespace, Vehicle leaving, Arrival arrival) {
        String name = leaving.getMetadata().getName();
        Vehicle present = client.resources(Vehicle.class).inNamespace(namespace).withName(name).get();
        if (present == null) {
            Vehicle arriving = new Vehicle();
            Map<String, String> annotations = new HashMap<>();
            if (leaving.getMetadata().getAnnotations() != null) {
                annotations.putAll(leaving.getMetadata().getAnnotations());
            }
            // The last-applied configuration belongs to the origin's GitOps, not to this copy.
            annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
            annotations.put(Arrival.ANNOTATION, arrival.toJson());
            arriving.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                    .withLabels(leaving.getMetadata().getLabels()).withAnnotations(annotations).build());
            arriving.setSpec(JSON.clone(leaving.getSpec()));
            try {
                present = client.resource(arriving).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                present = client.resources(Vehicle.class).inNamespace(namespace).withName(name).get();
            }
        }
        if (!Arrival.of(present).map(a -> a.broughtBy(arrival.launch())).orElse(false)) {
            return false;
        }
        if (!Objects.equals(JSON.asJson(present.getSpec()), JSON.asJson(leaving.getSpec()))) {
            present = client.resources(Vehicle.class).inNamespace(namespace).withName(name).edit(v -> {
                v.setSpec(JSON.clone(leaving.getSpec()));
                return v;
            });
        }
        if (present.getStatus() == null || present.getStatus().getPhase() == null) {
            present.setStatus(arrival.status());
            try {
                client.resource(present).updateStatus();
            } catch (KubernetesClientException e) {
                // The destination's own operator initialised it first, from the same arrival record.
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        return true;
    }

    private static boolean arrivedIn(KubernetesClient client, String namespace, Launch launch, String name) {
        Vehicle present = client.resources(Vehicle.class).inNamespace(namespace).withName(name).get();
        return present != null && Arrival.of(present).map(a -> a.broughtBy(key(launch))).orElse(false);
    }

    /** Refurbishment counts from the recovery, not from whenever this step happens to run: repeatable. */
    private static Arrival arrival(Launch launch, Vehicle vehicle, Instant recoveredAt) {
        int flights = vehicle.getStatus().getFlights() == null ? 0 : vehicle.getStatus().getFlights();
        Instant availableAt = recoveredAt.plus(vehicle.getSpec().turnaroundDuration()).truncatedTo(ChronoUnit.SECONDS);
        return new Arrival(key(launch), launch.getSpec().getOrigin(), launch.getSpec().getDestination(),
                flights + 1, availableAt.toString());
    }

    private static String key(Launch launch) {
        return launch.getMetadata().getNamespace() + "/" + launch.getMetadata().getName();
    }

    enum Outcome {
        /** The vehicle is at the destination (now, or already before this call). */
        ARRIVED,
        /** The vehicle no longer exists: deleted by hand while flying. */
        MISSING,
        /** The destination already has another vehicle of the same name; someone has to rename one. */
        NAME_TAKEN
    }
}
