package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;

import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reserving and releasing vehicles for launches. A reservation is a status write on the Vehicle carrying
 * the resourceVersion it was decided on: of two launches racing for one vehicle, the second write fails
 * with a conflict and that launch looks again, so a vehicle is never reserved twice.
 */
final class VehicleReservations {

    private static final int ATTEMPTS = 3;

    private final KubernetesClient client;

    VehicleReservations(KubernetesClient client) {
        this.client = client;
    }

    /** The vehicle already holding this launch, if any: after a restart, the reservation is adopted. */
    Optional<Vehicle> heldBy(Launch launch) {
        return vehicles(launch).stream()
                .filter(v -> v.getStatus() != null && launch.getMetadata().getName().equals(v.getStatus().getLaunch()))
                .filter(v -> v.getStatus().getPhase() == VehiclePhase.Reserved
                        || v.getStatus().getPhase() == VehiclePhase.InFlight
                        || v.getStatus().getPhase() == VehiclePhase.Recovering)
                .findFirst();
    }

    /**
     * Reserves the launch's named vehicle, or else the available vehicle at the origin that has flown least.
     *
     * @return the reserved vehicle, or why none could be
     */
    Result reserve(Launch launch) {
        String wanted = launch.getSpec().getVehicle();
        if (wanted != null && !wanted.isBlank()) {
            return reserveNamed(launch, wanted);
        }
        List<Vehicle> candidates = vehicles(launch).stream()
                .filter(v -> unsuitable(launch, v) == null)
                .sorted(Comparator.comparing((Vehicle v) -> v.getStatus().getFlights() == null ? 0 : v.getStatus().getFlights())
                        .thenComparing(v -> v.getMetadata().getName()))
                .toList();
        for (Vehicle candidate : candidates) {
            Result result = reserveNamed(launch, candidate.getMetadata().getName());
            if (result.vehicle() != null) {
                return result;
            }
        }
        return Result.refused("NoVehicleAvailable", "no Available vehicle at " + launch.getSpec().getOrigin()
                + " has room for the manifest; waiting for one");
    }

    private Result reserveNamed(Launch launch, String name) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Vehicle vehicle = client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                    .withName(name).get();
            if (vehicle == null) {
                return Result.refused("VehicleNotFound", "vehicle " + name + " does not exist in namespace "
                        + launch.getMetadata().getNamespace());
            }
            String unsuitable = unsuitable(launch, vehicle);
            if (unsuitable != null) {
                return Result.refused("VehicleUnavailable", "vehicle " + name + " " + unsuitable + "; waiting");
            }
            vehicle.getStatus().setPhase(VehiclePhase.Reserved);
            vehicle.getStatus().setLaunch(launch.getMetadata().getName());
            try {
                return Result.reserved(client.resource(vehicle).updateStatus());
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Someone else wrote the vehicle first: decide again on its new version.
            }
        }
        return Result.refused("VehicleUnavailable", "vehicle " + name + " kept changing while being reserved; retrying");
    }

    /** Gives the vehicle back if this launch holds it and it has not flown; returns whether it did. */
    boolean release(Launch launch, String name) {
        // Available here; the vehicle's own reconciler turns it Refurbishing or Grounded if need be.
        return advance(launch, name, VehiclePhase.Reserved, vehicle -> vehicle.getStatus().setPhase(VehiclePhase.Available));
    }

    /**
     * Changes the status of the vehicle this launch holds, if it is in the expected phase: the guard makes a
     * repeated step (after a restart) a no-op rather than a second flight counted.
     *
     * @return whether the change was written
     */
    boolean advance(Launch launch, String name, VehiclePhase expected, Consumer<Vehicle> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Vehicle vehicle = client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                    .withName(name).get();
            VehicleStatus status = vehicle == null ? null : vehicle.getStatus();
            if (status == null || !launch.getMetadata().getName().equals(status.getLaunch())
                    || status.getPhase() != expected) {
                return false;
            }
            change.accept(vehicle);
            try {
                client.resource(vehicle).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("vehicle " + name + " kept changing while being updated");
    }

    /** Marks the vehicle as grounded by this launch's mission failure, for the platform team to inspect. */
    void groundAfterFailure(Launch launch, String name) {
        client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace()).withName(name)
                .edit(vehicle -> {
                    if (vehicle.getMetadata().getAnnotations() == null) {
                        vehicle.getMetadata().setAnnotations(new HashMap<>());
                    }
                    vehicle.getMetadata().getAnnotations()
                            .put(RocketExpress.MISSION_FAILURE_ANNOTATION, launch.getMetadata().getName());
                    return vehicle;
                });
        for (VehiclePhase phase : new VehiclePhase[] {VehiclePhase.Reserved, VehiclePhase.InFlight, VehiclePhase.Recovering}) {
            if (advance(launch, name, phase, v -> v.getStatus().setPhase(VehiclePhase.Grounded))) {
                return;
            }
        }
    }

    /** Why the vehicle cannot take the launch, or null when it can. */
    static String unsuitable(Launch launch, Vehicle vehicle) {
        VehicleStatus status = vehicle.getStatus();
        if (status == null || status.getPhase() != VehiclePhase.Available) {
            return "is " + (status == null || status.getPhase() == null ? "not ready yet" : status.getPhase());
        }
        if (vehicle.getSpec().grounded()) {
            return "is grounded";
        }
        if (!launch.getSpec().getOrigin().equals(status.getRegion())) {
            return "is at " + status.getRegion() + ", not at " + launch.getSpec().getOrigin();
        }
        Manifest manifest = launch.getSpec().getManifest();
        if (manifest != null && manifest.getMassKg() != null && manifest.getMassKg() > vehicle.getSpec().getPayloadCapacityKg()) {
            return "carries " + vehicle.getSpec().getPayloadCapacityKg() + " kg, the manifest is " + manifest.getMassKg() + " kg";
        }
        if (manifest != null && manifest.getVolumeM3() != null && manifest.getVolumeM3() > vehicle.getSpec().getCargoVolumeM3()) {
            return "holds " + vehicle.getSpec().getCargoVolumeM3() + " m³, the manifest is " + manifest.getVolumeM3() + " m³";
        }
        return null;
    }

    private List<Vehicle> vehicles(Launch launch) {
        return client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace()).list().getItems();
    }

    /** A reservation, or the reason and message of a refusal. */
    record Result(Vehicle vehicle, String reason, String message) {
        static Result reserved(Vehicle vehicle) {
            return new Result(vehicle, "Reserved", "vehicle " + vehicle.getMetadata().getName() + " reserved");
        }

        static Result refused(String reason, String message) {
            return new Result(null, reason, message);
        }
    }
}
