package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.operator.kube.Conditions;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.region.RegionClients;
import io.rocketexpress.operator.region.RegionUnavailable;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives a Launch through its state machine (product specification, operator behaviour): regions
 * validated, a vehicle reserved, Scheduled until its window; scrubbed when called off or when its window
 * closes unflown. Each transition is written to the status with the resourceVersion it was decided on
 * and told as a Kubernetes Event once written.
 */
@ControllerConfiguration(name = "launch")
public class LaunchReconciler implements Reconciler<Launch>, Cleaner<Launch> {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final RegionClients regions;
    private final EventPublisher events;
    private final LaunchSettings settings;
    private final Clock clock;
    private final VehicleReservations reservations;

    LaunchReconciler(RegionClients regions, EventPublisher events, LaunchSettings settings, Clock clock,
                     KubernetesClient client) {
        this.regions = regions;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.reservations = new VehicleReservations(client);
    }

    @Override
    public UpdateControl<Launch> reconcile(Launch launch, Context<Launch> context) {
        LaunchStatus before = launch.getStatus();
        Progress progress = new Progress(launch, before == null ? new LaunchStatus() : JSON.clone(before),
                clock.instant());
        if (progress.status.getPhase() == null) {
            progress.status.setPhase(LaunchPhase.Pending);
        }
        progress.status.setObservedGeneration(launch.getMetadata().getGeneration());
        Optional<Duration> recheck = progress.status.getPhase().isTerminal() ? Optional.empty() : advance(progress);

        if (!Objects.equals(JSON.asJson(before), JSON.asJson(progress.status))) {
            Launch changed = JSON.clone(launch);
            changed.setStatus(progress.status);
            try {
                launch = context.getClient().resource(changed).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    // Decided on a stale version: decide again on the current one.
                    return UpdateControl.<Launch>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
                }
                throw e;
            }
            for (Told told : progress.told) {
                if (told.warning()) {
                    events.warning(launch, told.reason(), told.message());
                } else {
                    events.normal(launch, told.reason(), told.message());
                }
            }
        }
        UpdateControl<Launch> control = UpdateControl.noUpdate();
        recheck.ifPresent(control::rescheduleAfter);
        return control;
    }

    private Optional<Duration> advance(Progress progress) {
        Launch launch = progress.launch;
        LaunchStatus status = progress.status;
        if (!regionsValid(progress)) {
            return Optional.empty();
        }
        boolean sealed = launch.getSpec().manifestSealed();
        progress.condition(LaunchConditions.MANIFEST_SEALED, sealed, sealed ? "Sealed" : "NotSealed",
                sealed ? "manifest " + launch.getSpec().getManifest().getId() + " sealed"
                        : "the gateway seals the manifest at the sales cutoff");
        boolean grounded = status.getPhase() == LaunchPhase.Pending || status.getPhase() == LaunchPhase.Scheduled;
        if (grounded && launch.getSpec().scrub()) {
            return scrub(progress, "ScrubRequested", "scrubbed by the platform team (spec.scrub)");
        }
        Instant closes = launch.getSpec().getWindow().closes().toInstant();
        if (grounded && !progress.now.isBefore(closes)) {
            return sealed
                    ? scrub(progress, "NoVehicle", "the window closed at " + closes + " without a vehicle")
                    : scrub(progress, "NoManifest", "the window closed at " + closes + " without a sealed manifest");
        }
        if (status.getPhase() == LaunchPhase.Scheduled && !stillReserved(progress)) {
            return Optional.of(Duration.ofSeconds(1));
        }
        if (status.getPhase() == LaunchPhase.Pending) {
            return reserve(progress);
        }
        return Optional.of(untilNext(progress));
    }

    private boolean regionsValid(Progress progress) {
        Launch launch = progress.launch;
        String here = regions.here().name();
        String reason = null;
        String message = null;
        if (!here.equals(launch.getSpec().getOrigin())) {
            reason = "WrongCluster";
            message = "this cluster is region " + here + "'s; a launch from " + launch.getSpec().getOrigin()
                    + " belongs in " + launch.getSpec().getOrigin() + "'s cluster";
        } else {
            try {
                regions.region(launch.getSpec().getDestination());
            } catch (RegionUnavailable e) {
                reason = e.reason();
                message = e.getMessage();
            }
        }
        if (reason == null) {
            progress.condition(LaunchConditions.REGIONS_VALID, true, "RegionsKnown",
                    launch.getSpec().getOrigin() + " → " + launch.getSpec().getDestination());
            return true;
        }
        if (progress.condition(LaunchConditions.REGIONS_VALID, false, reason, message)) {
            progress.tell(true, reason, message);
        }
        progress.status.setMessage(message);
        return false;
    }

    private Optional<Duration> reserve(Progress progress) {
        Launch launch = progress.launch;
        VehicleReservations.Result result = reservations.heldBy(launch)
                .map(VehicleReservations.Result::reserved)
                .orElseGet(() -> reservations.reserve(launch));
        if (result.vehicle() == null) {
            if (progress.condition(LaunchConditions.VEHICLE_RESERVED, false, result.reason(), result.message())) {
                progress.tell(true, result.reason(), result.message());
            }
            progress.status.setMessage(result.message());
            return Optional.of(settings.vehicleRetry());
        }
        String vehicle = result.vehicle().getMetadata().getName();
        progress.status.setVehicle(vehicle);
        progress.status.setPhase(LaunchPhase.Scheduled);
        String message = "vehicle " + vehicle + " reserved; window opens at " + launch.getSpec().getWindow().getOpensAt();
        progress.condition(LaunchConditions.VEHICLE_RESERVED, true, "Reserved", "vehicle " + vehicle + " reserved");
        progress.status.setMessage(message);
        progress.tell(false, "Scheduled", message);
        return Optional.of(untilNext(progress));
    }

    /** False, and back to Pending, when the reserved vehicle was taken away (grounded, say). */
    private boolean stillReserved(Progress progress) {
        String vehicle = progress.status.getVehicle();
        Optional<Vehicle> held = reservations.heldBy(progress.launch);
        if (held.isPresent() && held.get().getMetadata().getName().equals(vehicle)) {
            return true;
        }
        String message = "vehicle " + vehicle + " is no longer reserved for this launch; looking for another";
        progress.status.setVehicle(null);
        progress.status.setPhase(LaunchPhase.Pending);
        progress.condition(LaunchConditions.VEHICLE_RESERVED, false, "ReservationLost", message);
        progress.status.setMessage(message);
        progress.tell(true, "ReservationLost", message);
        return false;
    }

    private Optional<Duration> scrub(Progress progress, String reason, String message) {
        String vehicle = progress.status.getVehicle();
        if (vehicle != null) {
            reservations.release(progress.launch, vehicle);
        }
        progress.status.setPhase(LaunchPhase.Scrubbed);
        progress.status.setMessage(message);
        progress.condition(LaunchConditions.FAILED, true, reason, message);
        progress.condition(LaunchConditions.COMPLETE, false, reason, message);
        progress.tell(true, "Scrubbed", message + (vehicle == null ? "" : "; vehicle " + vehicle + " released"));
        return Optional.empty();
    }

    /** Time until the next moment the launch must act on: its window opening, then its closing. */
    private Duration untilNext(Progress progress) {
        Instant opens = progress.launch.getSpec().getWindow().opens().toInstant();
        Instant closes = progress.launch.getSpec().getWindow().closes().toInstant();
        Instant next = progress.now.isBefore(opens) ? opens : closes;
        Duration wait = Duration.between(progress.now, next);
        return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }

    @Override
    public DeleteControl cleanup(Launch launch, Context<Launch> context) {
        String vehicle = launch.getStatus() == null ? null : launch.getStatus().getVehicle();
        if (vehicle == null) {
            vehicle = reservations.heldBy(launch).map(v -> v.getMetadata().getName()).orElse(null);
        }
        if (vehicle != null && reservations.release(launch, vehicle)) {
            events.normal(launch, "VehicleReleased", "launch deleted; vehicle " + vehicle + " released");
        }
        return DeleteControl.defaultDelete();
    }

    /** One reconcile's decisions: the new status and the Events to tell once it is written. */
    private static final class Progress {
        final Launch launch;
        final LaunchStatus status;
        final Instant now;
        final List<Told> told = new ArrayList<>();

        Progress(Launch launch, LaunchStatus status, Instant now) {
            this.launch = launch;
            this.status = status;
            this.now = now;
        }

        /** Sets a condition; true when its status or reason changed. */
        boolean condition(String type, boolean holds, String reason, String message) {
            var previous = Conditions.find(status.getConditions(), type)
                    .map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
            Conditions.set(status.getConditions(), type, holds, reason, message,
                    launch.getMetadata().getGeneration(), now);
            return !Objects.equals(previous, (holds ? "True" : "False") + "/" + reason);
        }

        void tell(boolean warning, String reason, String message) {
            told.add(new Told(warning, reason, message));
        }
    }

    private record Told(boolean warning, String reason, String message) {
    }
}
