package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import io.rocketexpress.operator.kube.Conflicts;
import io.rocketexpress.operator.vehicle.VehicleLifecycle;

import java.time.Clock;
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

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Clock clock;

    VehicleReservations(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * The vehicle's whole status once the launch changed its phase: its Ready condition said the way the vehicle's
     * own reconciler would say it, so that one write is enough and the reconciler finds nothing left to write.
     */
    private Vehicle settled(Vehicle vehicle) {
        vehicle.setStatus(VehicleLifecycle.decide(vehicle, clock.instant()).status());
        return vehicle;
    }

    /** The vehicle already holding this launch, if any: after a restart, the reservation is adopted. */
    static Optional<Vehicle> heldBy(Launch launch, List<Vehicle> vehicles) {
        return vehicles.stream()
                .filter(v -> v.getStatus() != null && launch.getMetadata().getName().equals(v.getStatus().getLaunch()))
                .filter(v -> v.getStatus().getPhase() == VehiclePhase.Reserved
                        || v.getStatus().getPhase() == VehiclePhase.InFlight
                        || v.getStatus().getPhase() == VehiclePhase.Recovering)
                .findFirst();
    }

    /**
     * The vehicle a reservation would take: the launch's named vehicle, or else the available vehicle at the
     * origin that has flown least; or why there is none. Among vehicles that have flown as much, each launch has
     * an order of its own (the highest hash of launch and vehicle name first): launches looking at once pick
     * different vehicles instead of all racing for the same one and all but one losing.
     */
    static Result choose(Launch launch, List<Vehicle> vehicles) {
        String wanted = launch.getSpec().getVehicle();
        if (wanted != null && !wanted.isBlank()) {
            Optional<Vehicle> named = vehicles.stream().filter(v -> wanted.equals(v.getMetadata().getName())).findFirst();
            if (named.isEmpty()) {
                return Result.refused("VehicleNotFound", "vehicle " + wanted + " does not exist in namespace "
                        + launch.getMetadata().getNamespace());
            }
            String unsuitable = unsuitable(launch, named.get());
            return unsuitable == null ? Result.reserved(named.get())
                    : Result.refused("VehicleUnavailable", "vehicle " + wanted + " " + unsuitable + "; waiting");
        }
        // One pass, each vehicle's rank worked out once: a launch looks through every free vehicle of its region.
        long prefix = preferencePrefix(launch);
        Vehicle best = null;
        int bestFlights = 0;
        long bestPreference = 0;
        for (Vehicle vehicle : vehicles) {
            int flights = flights(vehicle);
            if (best != null && flights > bestFlights) {
                continue;
            }
            long preference = preference(prefix, vehicle.getMetadata().getName());
            if (best != null && flights == bestFlights && (preference > bestPreference || preference == bestPreference
                    && vehicle.getMetadata().getName().compareTo(best.getMetadata().getName()) >= 0)) {
                continue;
            }
            if (unsuitable(launch, vehicle) == null) {
                best = vehicle;
                bestFlights = flights;
                bestPreference = preference;
            }
        }
        return best != null ? Result.reserved(best) : Result.refused("NoVehicleAvailable", "no Available vehicle at "
                + launch.getSpec().getOrigin() + " has room for the manifest; waiting for one");
    }

    private static int flights(Vehicle vehicle) {
        return vehicle.getStatus() == null || vehicle.getStatus().getFlights() == null ? 0 : vehicle.getStatus().getFlights();
    }

    /** The launch's own rank of a vehicle, lowest first (rendezvous hashing). */
    static long preference(Launch launch, Vehicle vehicle) {
        return preference(preferencePrefix(launch), vehicle.getMetadata().getName());
    }

    /** The hash of the launch's name and the separator, from which every vehicle's rank for it goes on. */
    private static long preferencePrefix(Launch launch) {
        return hash(hash(1125899906842597L, launch.getMetadata().getName()), "/");
    }

    private static long preference(long prefix, String vehicle) {
        long hash = hash(prefix, vehicle);
        // Mixed (SplitMix64's finaliser) so that names alike do not rank alike.
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    private static long hash(long hash, String part) {
        for (int i = 0; i < part.length(); i++) {
            hash = 31 * hash + part.charAt(i);
        }
        return hash;
    }

    /**
     * Reserves the vehicle for the launch as the informer last saw it: the write carries that resourceVersion, so
     * it fails if the vehicle changed since, and only then is the vehicle read again to decide on. A reservation
     * costs one request when nobody else wants the vehicle.
     */
    Result reserve(Launch launch, Vehicle seen) {
        Vehicle vehicle = seen;
        String name = seen.getMetadata().getName();
        for (int attempt = 0; attempt < Conflicts.ATTEMPTS; attempt++) {
            if (vehicle == null) {
                return Result.refused("VehicleNotFound", "vehicle " + name + " does not exist in namespace "
                        + launch.getMetadata().getNamespace());
            }
            String unsuitable = unsuitable(launch, vehicle);
            if (unsuitable != null) {
                return Result.refused("VehicleUnavailable", "vehicle " + name + " " + unsuitable + "; waiting",
                        vehicle);
            }
            Vehicle reserved = JSON.clone(vehicle);
            reserved.getStatus().setPhase(VehiclePhase.Reserved);
            reserved.getStatus().setLaunch(launch.getMetadata().getName());
            try {
                return Result.reserved(client.resource(settled(reserved)).updateStatus());
            } catch (KubernetesClientException e) {
                if (!Conflicts.isConflict(e)) {
                    throw e;
                }
                vehicle = client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                        .withName(name).get();
            }
        }
        throw new IllegalStateException("vehicle " + name + " kept changing while being reserved");
    }

    /** Reserves that vehicle for the launch, with the version read: of two racing launches, one wins. */
    Result reserveNamed(Launch launch, String name) {
        return Conflicts.retry("vehicle " + name, () -> {
            Vehicle vehicle = client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                    .withName(name).get();
            if (vehicle == null) {
                return Optional.of(Result.refused("VehicleNotFound", "vehicle " + name + " does not exist in namespace "
                        + launch.getMetadata().getNamespace()));
            }
            String unsuitable = unsuitable(launch, vehicle);
            if (unsuitable != null) {
                return Optional.of(Result.refused("VehicleUnavailable", "vehicle " + name + " " + unsuitable + "; waiting",
                        vehicle));
            }
            vehicle.getStatus().setPhase(VehiclePhase.Reserved);
            vehicle.getStatus().setLaunch(launch.getMetadata().getName());
            return Optional.of(Result.reserved(client.resource(settled(vehicle)).updateStatus()));
        }).orElseThrow();
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
        return Conflicts.retry("vehicle " + name, () -> {
            Vehicle vehicle = client.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                    .withName(name).get();
            VehicleStatus status = vehicle == null ? null : vehicle.getStatus();
            if (status == null || !launch.getMetadata().getName().equals(status.getLaunch())
                    || status.getPhase() != expected) {
                return Optional.of(false);
            }
            change.accept(vehicle);
            client.resource(settled(vehicle)).updateStatus();
            return Optional.of(true);
        }).orElse(false);
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


    /**
     * A reservation, or the reason and message of a refusal.
     *
     * @param vehicle the vehicle reserved, as written; null when refused
     * @param seen    on a refusal, the vehicle as just read, newer than the informer may know it; else null
     */
    record Result(Vehicle vehicle, String reason, String message, Vehicle seen) {
        static Result reserved(Vehicle vehicle) {
            return new Result(vehicle, "Reserved", "vehicle " + vehicle.getMetadata().getName() + " reserved", null);
        }

        static Result refused(String reason, String message) {
            return new Result(null, reason, message, null);
        }

        static Result refused(String reason, String message, Vehicle seen) {
            return new Result(null, reason, message, seen);
        }
    }
}
