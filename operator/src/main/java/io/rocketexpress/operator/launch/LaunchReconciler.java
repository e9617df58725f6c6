package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryConditions;
import io.rocketexpress.model.recovery.RecoveryStatus;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.kube.Conditions;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import io.rocketexpress.operator.region.RegionCalls;
import io.rocketexpress.operator.region.RegionClients;
import io.rocketexpress.operator.region.RegionUnavailable;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drives a Launch through its state machine (product specification, operator behaviour): regions
 * validated, a vehicle reserved, Scheduled until its window; scrubbed when called off or when its window
 * closes unflown. Each transition is written to the status with the resourceVersion it was decided on
 * and told as a Kubernetes Event once written.
 */
@ControllerConfiguration(name = "launch")
public class LaunchReconciler implements Reconciler<Launch>, Cleaner<Launch> {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Duration MINIMUM_WAIT = Duration.ofMillis(200);

    private final RegionClients regions;
    private final EventPublisher events;
    private final LaunchSettings settings;
    private final Clock clock;
    private final VehicleReservations reservations;
    private final VehicleHandover handover;
    private final JobSettings jobs;
    private final KubernetesClient local;
    private final LaunchMetrics metrics;
    private final ReconcileMetrics reconciles;
    private final RegionCalls calls;
    private final RecoveryEvents recoveries;

    LaunchReconciler(RegionClients regions, RegionCalls calls, EventPublisher events, LaunchSettings settings,
                     JobSettings jobs, Clock clock, KubernetesClient client, LaunchMetrics metrics,
                     ReconcileMetrics reconciles) {
        this.calls = calls;
        this.metrics = metrics;
        this.reconciles = reconciles;
        this.regions = regions;
        this.events = events;
        this.settings = settings;
        this.jobs = jobs;
        this.clock = clock;
        this.local = client;
        this.reservations = new VehicleReservations(client);
        this.handover = new VehicleHandover(client);
        this.recoveries = new RecoveryEvents(regions.here().name());
    }

    /** Flight Jobs of this cluster, mapped back to their Launch by label: their changes reconcile it. */
    @Override
    public List<EventSource<?, Launch>> prepareEventSources(EventSourceContext<Launch> context) {
        InformerEventSourceConfiguration<Job> flights = InformerEventSourceConfiguration.from(Job.class, Launch.class)
                .withName("flight-jobs")
                .withLabelSelector(MissionJobs.ROLE_LABEL + "=flight")
                .withSecondaryToPrimaryMapper(job -> Set.of(new ResourceID(
                        job.getMetadata().getLabels().get(RocketExpress.LAUNCH_LABEL),
                        job.getMetadata().getNamespace())))
                .build();
        return List.of(new InformerEventSource<>(flights, context), recoveries);
    }

    @Override
    public UpdateControl<Launch> reconcile(Launch launch, Context<Launch> context) {
        return reconciles.count("Launch", () -> decide(launch, context));
    }

    private UpdateControl<Launch> decide(Launch launch, Context<Launch> context) {
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
        metrics.phase(key(launch), launch.getStatus() == null ? progress.status.getPhase() : launch.getStatus().getPhase());
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
        if (status.getPhase() == LaunchPhase.Launching && launch.getSpec().scrub()) {
            deleteFlightJob(progress);
            return scrub(progress, "ScrubRequested", "scrubbed by the platform team before liftoff");
        }
        return switch (status.getPhase()) {
            case Pending -> reserve(progress);
            case Scheduled -> sealed && !progress.now.isBefore(launch.getSpec().getWindow().opens().toInstant())
                    ? launchFlight(progress) : Optional.of(untilNext(progress));
            case Launching, InFlight -> followFlight(progress);
            case Landed -> startRecovery(progress);
            case Recovering -> followRecovery(progress);
            default -> Optional.empty();
        };
    }

    private Optional<Duration> launchFlight(Progress progress) {
        Launch launch = progress.launch;
        Job job = MissionJobs.ensure(local, MissionJobs.flight(launch, progress.status.getVehicle(), jobs.flight()));
        progress.status.setControllerJob(new JobReference(regions.here().name(), job.getMetadata().getNamespace(),
                job.getMetadata().getName()));
        progress.status.setPhase(LaunchPhase.Launching);
        String message = "vehicle-controller Job " + job.getMetadata().getName() + " started; waiting for liftoff";
        progress.status.setMessage(message);
        progress.tell(false, "Launching", message);
        return Optional.empty();
    }

    private Optional<Duration> followFlight(Progress progress) {
        Launch launch = progress.launch;
        LaunchStatus status = progress.status;
        Job job = local.batch().v1().jobs().inNamespace(launch.getMetadata().getNamespace())
                .withName(MissionJobs.flightName(launch)).get();
        if (job == null) {
            if (status.getPhase() == LaunchPhase.Launching) {
                return launchFlight(progress);
            }
            return fail(progress, "FlightJobLost", "the vehicle-controller Job of a launch in flight disappeared");
        }
        String liftoff = liftoff(progress, job);
        if (status.getPhase() == LaunchPhase.Launching && (liftoff != null || MissionJobs.succeeded(job))) {
            status.setLiftoffAt(liftoff != null ? liftoff : job.getStatus().getStartTime());
            reservations.advance(launch, status.getVehicle(), VehiclePhase.Reserved,
                    v -> v.getStatus().setPhase(VehiclePhase.InFlight));
            status.setPhase(LaunchPhase.InFlight);
            progress.condition(LaunchConditions.LAUNCHED, true, "Liftoff", "lifted off at " + status.getLiftoffAt());
            status.setMessage("in flight to " + launch.getSpec().getDestination());
            progress.tell(false, "Liftoff", "vehicle " + status.getVehicle() + " lifted off at " + status.getLiftoffAt());
        }
        if (MissionJobs.failed(job)) {
            return fail(progress, "MissionFailure", "the vehicle-controller Job " + job.getMetadata().getName()
                    + " failed; vehicle " + status.getVehicle() + " grounded");
        }
        if (status.getPhase() == LaunchPhase.InFlight && MissionJobs.succeeded(job)) {
            status.setLandedAt(job.getStatus().getCompletionTime() != null ? job.getStatus().getCompletionTime()
                    : progress.now.toString());
            reservations.advance(launch, status.getVehicle(), VehiclePhase.InFlight,
                    v -> v.getStatus().setPhase(VehiclePhase.Recovering));
            status.setPhase(LaunchPhase.Landed);
            progress.condition(LaunchConditions.LANDED, true, "SafeLanding", "landed at " + status.getLandedAt());
            progress.tell(false, "Landed", "vehicle " + status.getVehicle() + " landed at sea off "
                    + launch.getSpec().getDestination());
            return startRecovery(progress);
        }
        return Optional.empty();
    }

    /** Hands the recovery over to the destination: a Recovery in its cluster, which its own operator runs. */
    /**
     * The liftoff time the vehicle controller wrote on its Job, if it reads as one. Anything else is reported
     * (a condition and a Warning event) and taken as no liftoff reported: the Job's own outcome still decides.
     */
    private static String liftoff(Progress progress, Job job) {
        String written = job.getMetadata().getAnnotations() == null ? null
                : job.getMetadata().getAnnotations().get(RocketExpress.LIFTOFF_ANNOTATION);
        if (written == null) {
            return null;
        }
        try {
            OffsetDateTime.parse(written);
        } catch (DateTimeParseException e) {
            String message = "the " + RocketExpress.LIFTOFF_ANNOTATION + " annotation of Job " + job.getMetadata().getName()
                    + " is not an RFC 3339 time: '" + written + "'; ignored";
            if (progress.condition(LaunchConditions.ANNOTATIONS_VALID, false, "MalformedLiftoff", message)) {
                progress.tell(true, "MalformedLiftoff", message);
            }
            return null;
        }
        progress.condition(LaunchConditions.ANNOTATIONS_VALID, true, "Readable",
                "the vehicle controller's annotations read as they should");
        return written;
    }

    private Optional<Duration> startRecovery(Progress progress) {
        Launch launch = progress.launch;
        String destination = launch.getSpec().getDestination();
        String vehicleName = progress.status.getVehicle();
        try {
            String namespace = regions.region(destination).namespace();
            Vehicle vehicle = local.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                    .withName(vehicleName).get();
            Recovery wanted = RecoveryHandover.recovery(launch, namespace, vehicleName, vehicle,
                    progress.status.getLandedAt());
            Recovery recovery = calls.call(destination, client -> {
                recoveries.watch(destination, client, namespace);
                return RecoveryHandover.ensure(client, wanted);
            });
            reachable(progress, destination);
            if (!RecoveryHandover.belongsTo(recovery, launch)) {
                return recoveryNameTaken(progress, destination);
            }
            progress.status.setRecovery(new JobReference(destination, namespace, recovery.getMetadata().getName()));
            progress.status.setPhase(LaunchPhase.Recovering);
            String message = "recovery handed over to " + destination + " (Recovery " + recovery.getMetadata().getName()
                    + "); its operator runs the barge";
            progress.status.setMessage(message);
            progress.tell(false, "Recovering", message);
            return Optional.of(jobs.recoveryPoll());
        } catch (RegionUnavailable e) {
            return unreachable(progress, destination, e);
        }
    }

    private Optional<Duration> recoveryNameTaken(Progress progress, String destination) {
        String message = destination + " already has a Recovery named " + RecoveryHandover.name(progress.launch)
                + " for another launch; launch names must be unique across the network while they recover";
        if (progress.condition(LaunchConditions.RECOVERED, false, "RecoveryNameTaken", message)) {
            progress.tell(true, "RecoveryNameTaken", message);
        }
        progress.status.setMessage(message);
        return Optional.of(settings.vehicleRetry());
    }

    /** Follows the Recovery's status, as the destination's operator reports it, through the region's informer. */
    private Optional<Duration> followRecovery(Progress progress) {
        JobReference reference = progress.status.getRecovery();
        if (reference == null) {
            return startRecovery(progress);
        }
        Recovery recovery;
        try {
            recovery = calls.call(reference.getRegion(), client -> {
                recoveries.watch(reference.getRegion(), client, reference.getNamespace());
                return recoveries.cached(reference.getRegion(), reference.getNamespace(), reference.getName())
                        .orElseGet(() -> client.resources(Recovery.class).inNamespace(reference.getNamespace())
                                .withName(reference.getName()).get());
            });
        } catch (RegionUnavailable e) {
            return unreachable(progress, reference.getRegion(), e);
        }
        reachable(progress, reference.getRegion());
        if (recovery == null) {
            return startRecovery(progress);
        }
        if (!RecoveryHandover.belongsTo(recovery, progress.launch)) {
            return recoveryNameTaken(progress, reference.getRegion());
        }
        RecoveryStatus status = recovery.getStatus();
        if (status == null || status.getPhase() == null) {
            return Optional.of(jobs.recoveryPoll());
        }
        if (status.getJob() != null) {
            progress.status.setRecoveryJob(status.getJob());
        }
        switch (status.getPhase()) {
            case Recovered:
                return complete(progress, recovery);
            case Failed:
                return fail(progress, "RecoveryFailed", "barge recovery failed in " + reference.getRegion() + " ("
                        + status.getMessage() + "); vehicle " + progress.status.getVehicle() + " grounded");
            default:
                break;
        }
        Optional<Condition> recovered = Conditions.find(status.getConditions(), RecoveryConditions.RECOVERED);
        if (recovered.isPresent() && RecoveryConditions.VEHICLE_NAME_TAKEN.equals(recovered.get().getReason())) {
            if (progress.condition(LaunchConditions.RECOVERED, false, RecoveryConditions.VEHICLE_NAME_TAKEN,
                    recovered.get().getMessage())) {
                progress.tell(true, RecoveryConditions.VEHICLE_NAME_TAKEN, recovered.get().getMessage());
            }
            progress.status.setMessage(recovered.get().getMessage());
        } else if (status.getMessage() != null) {
            progress.status.setMessage(reference.getRegion() + ": " + status.getMessage());
        }
        return Optional.of(jobs.recoveryPoll());
    }

    private Optional<Duration> complete(Progress progress, Recovery recovery) {
        Launch launch = progress.launch;
        LaunchStatus status = progress.status;
        handover.depart(launch, status.getVehicle());
        String recoveredAt = recovery.getStatus().getRecoveredAt();
        status.setRecoveredAt(recoveredAt);
        status.setPhase(LaunchPhase.Completed);
        boolean arrived = recovery.getSpec().getVehicle().getSpec() != null;
        String destination = launch.getSpec().getDestination();
        String message = arrived
                ? "cargo unloaded at " + destination + "; vehicle " + status.getVehicle() + " refurbishing there"
                : "cargo unloaded at " + destination + "; vehicle " + status.getVehicle() + " no longer exists";
        status.setMessage(message);
        progress.condition(LaunchConditions.RECOVERED, true, "Recovered", "recovered at " + recoveredAt);
        progress.condition(LaunchConditions.COMPLETE, true, "Completed", message);
        progress.condition(LaunchConditions.FAILED, false, "Completed", message);
        progress.tell(!arrived, "Completed", message);
        return Optional.empty();
    }

    private Optional<Duration> fail(Progress progress, String reason, String message) {
        if (progress.status.getVehicle() != null) {
            reservations.groundAfterFailure(progress.launch, progress.status.getVehicle());
        }
        progress.status.setPhase(LaunchPhase.Failed);
        progress.status.setMessage(message);
        progress.condition(LaunchConditions.FAILED, true, reason, message);
        progress.condition(LaunchConditions.COMPLETE, false, reason, message);
        progress.tell(true, reason, message);
        return Optional.empty();
    }

    private static String key(Launch launch) {
        return launch.getMetadata().getNamespace() + "/" + launch.getMetadata().getName();
    }

    private void reachable(Progress progress, String region) {
        metrics.reachable(region, true);
        progress.condition(LaunchConditions.REGION_REACHABLE, true, "Reachable", "region " + region + " answers");
    }

    private Optional<Duration> unreachable(Progress progress, String region, RegionUnavailable e) {
        metrics.reachable(region, false);
        if (progress.condition(LaunchConditions.REGION_REACHABLE, false, e.reason(), e.getMessage())) {
            progress.tell(true, e.reason(), e.getMessage());
        }
        Duration wait = calls.backoff(region);
        progress.status.setMessage(e.getMessage() + "; trying again in " + wait.toSeconds() + "s");
        return Optional.of(wait);
    }

    private void deleteFlightJob(Progress progress) {
        local.batch().v1().jobs().inNamespace(progress.launch.getMetadata().getNamespace())
                .withName(MissionJobs.flightName(progress.launch)).withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
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
        // Never less than a tick: a wait that rounds down to 0 ms would not be rescheduled at all.
        return wait.compareTo(MINIMUM_WAIT) < 0 ? MINIMUM_WAIT : wait;
    }

    @Override
    public DeleteControl cleanup(Launch launch, Context<Launch> context) {
        local.batch().v1().jobs().inNamespace(launch.getMetadata().getNamespace())
                .withName(MissionJobs.flightName(launch)).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        // The Recovery's name is the launch's: one may exist even if the status recording it was lost.
        boolean landed = launch.getStatus() != null && launch.getStatus().getLandedAt() != null;
        if (landed) {
            String destination = launch.getSpec().getDestination();
            try {
                String namespace = regions.region(destination).namespace();
                calls.call(destination, remote -> {
                    RecoveryHandover.delete(remote, namespace, launch);
                    return null;
                });
            } catch (RegionUnavailable e) {
                // Keep the finalizer: the Recovery, and the barge it runs, must not be orphaned in the other cluster.
                events.warning(launch, "CleanupPending", "could not delete the Recovery in " + destination + ": "
                        + e.getMessage() + "; retrying");
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(calls.backoff(destination));
            }
        }
        String vehicle = launch.getStatus() == null ? null : launch.getStatus().getVehicle();
        if (vehicle == null) {
            vehicle = reservations.heldBy(launch).map(v -> v.getMetadata().getName()).orElse(null);
        }
        if (vehicle != null && reservations.release(launch, vehicle)) {
            events.normal(launch, "VehicleReleased", "launch deleted; vehicle " + vehicle + " released");
        }
        metrics.forget(key(launch));
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
