package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.recovery.LaunchReference;
import io.rocketexpress.model.recovery.ManifestSummary;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoverySpec;
import io.rocketexpress.model.recovery.VehicleSnapshot;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.operator.kube.Conflicts;

import java.util.Map;
import java.util.Objects;

/**
 * The Recovery a landed launch hands over to its destination: named after the launch, labelled with its origin,
 * created once (a repeated create finds the first one), and only ever created, read or deleted by the origin:
 * what the peer rights in the destination's cluster allow.
 */
final class RecoveryHandover {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private RecoveryHandover() {
    }

    /** The deterministic name of a launch's Recovery in its destination's namespace. */
    static String name(Launch launch) {
        return launch.getMetadata().getName();
    }

    /**
     * The Recovery to hand over.
     *
     * @param vehicle the launch's vehicle as it is at landing; null when it was deleted while flying
     */
    static Recovery recovery(Launch launch, String namespace, String vehicleName, Vehicle vehicle, String landedAt) {
        LaunchReference reference = new LaunchReference();
        reference.setRegion(launch.getSpec().getOrigin());
        reference.setNamespace(launch.getMetadata().getNamespace());
        reference.setName(launch.getMetadata().getName());
        reference.setUid(launch.getMetadata().getUid());
        VehicleSnapshot snapshot = new VehicleSnapshot();
        snapshot.setName(vehicleName);
        snapshot.setSpec(vehicle == null ? null : JSON.clone(vehicle.getSpec()));
        snapshot.setFlights(vehicle == null || vehicle.getStatus() == null || vehicle.getStatus().getFlights() == null
                ? 0 : vehicle.getStatus().getFlights());
        RecoverySpec spec = new RecoverySpec();
        spec.setLaunch(reference);
        spec.setVehicle(snapshot);
        spec.setLandedAt(landedAt);
        Manifest manifest = launch.getSpec().getManifest();
        if (manifest != null) {
            ManifestSummary summary = new ManifestSummary();
            summary.setId(manifest.getId());
            summary.setParcels(manifest.getParcels());
            summary.setMassKg(manifest.getMassKg());
            summary.setVolumeM3(manifest.getVolumeM3());
            spec.setManifest(summary);
        }
        Recovery recovery = new Recovery();
        recovery.setMetadata(new ObjectMetaBuilder().withName(name(launch)).withNamespace(namespace)
                .withLabels(Map.of(RocketExpress.LAUNCH_LABEL, launch.getMetadata().getName(),
                        RocketExpress.ORIGIN_LABEL, launch.getSpec().getOrigin(),
                        "app.kubernetes.io/managed-by", "rocket-express-operator"))
                .build());
        recovery.setSpec(spec);
        return recovery;
    }

    /** Creates the Recovery unless it exists; returns what is there under its name, this launch's or not. */
    static Recovery ensure(KubernetesClient client, Recovery recovery) {
        try {
            return client.resource(recovery).create();
        } catch (KubernetesClientException e) {
            if (!Conflicts.isAlreadyThere(e)) {
                throw e;
            }
            Recovery existing = client.resources(Recovery.class).inNamespace(recovery.getMetadata().getNamespace())
                    .withName(recovery.getMetadata().getName()).get();
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    /** Whether that Recovery is this launch's, not one of another launch of the same name. */
    static boolean belongsTo(Recovery recovery, Launch launch) {
        return recovery.getSpec() != null && recovery.getSpec().getLaunch() != null
                && Objects.equals(recovery.getSpec().getLaunch().getUid(), launch.getMetadata().getUid())
                && Objects.equals(recovery.getSpec().getLaunch().getRegion(), launch.getSpec().getOrigin());
    }

    /** Deletes this launch's Recovery in the destination's namespace, if there; its Job goes with it. */
    static void delete(KubernetesClient client, String namespace, Launch launch) {
        Recovery present = client.resources(Recovery.class).inNamespace(namespace).withName(name(launch)).get();
        if (present != null && belongsTo(present, launch)) {
            client.resource(present).delete();
        }
    }
}
