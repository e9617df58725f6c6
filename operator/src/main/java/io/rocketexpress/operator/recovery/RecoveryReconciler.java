package io.rocketexpress.operator.recovery;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryConditions;
import io.rocketexpress.model.recovery.RecoveryPhase;
import io.rocketexpress.model.recovery.RecoverySpec;
import io.rocketexpress.model.recovery.RecoveryStatus;
import io.rocketexpress.operator.kube.Conflicts;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import io.rocketexpress.operator.kube.StatusBook;
import io.rocketexpress.operator.launch.JobSettings;
import io.rocketexpress.operator.launch.LaunchSettings;
import io.rocketexpress.operator.launch.MissionJobs;
import io.rocketexpress.operator.region.RegionClients;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the barge recoveries handed over to this region: for each Recovery, the barge-recovery Job in this
 * cluster (a failed one retried a bounded number of times under a new name), then the arriving Vehicle in this
 * region's fleet. The Job is owned by its Recovery, so deleting the Recovery deletes it. The origin's operator
 * reads only the Recovery's status; this region's operator does the work with its own rights.
 */
@ControllerConfiguration(name = "recovery")
public class RecoveryReconciler implements Reconciler<Recovery> {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final String region;
    private final JobSettings jobs;
    private final LaunchSettings settings;
    private final Clock clock;
    private final EventPublisher events;
    private final ReconcileMetrics reconciles;

    @Inject
    RecoveryReconciler(RegionClients regions, JobSettings jobs, LaunchSettings settings, Clock clock,
                       EventPublisher events, ReconcileMetrics reconciles) {
        this(regions.here().name(), jobs, settings, clock, events, reconciles);
    }

    /**
     * @param region this cluster's region: the destination of every Recovery it reconciles
     */
    public RecoveryReconciler(String region, JobSettings jobs, LaunchSettings settings, Clock clock,
                              EventPublisher events, ReconcileMetrics reconciles) {
        this.region = region;
        this.jobs = jobs;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.reconciles = reconciles;
    }

    /** Barge-recovery Jobs of this cluster, mapped to their Recovery by owner reference. */
    @Override
    public List<EventSource<?, Recovery>> prepareEventSources(EventSourceContext<Recovery> context) {
        InformerEventSourceConfiguration<Job> recoveryJobs = InformerEventSourceConfiguration.from(Job.class, Recovery.class)
                .withName("recovery-jobs")
                .withLabelSelector(MissionJobs.ROLE_LABEL + "=recovery")
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Recovery.class))
                .build();
        return List.of(new InformerEventSource<>(recoveryJobs, context));
    }

    @Override
    public UpdateControl<Recovery> reconcile(Recovery recovery, Context<Recovery> context) {
        return reconciles.count("Recovery", () -> decide(recovery, context));
    }

    private UpdateControl<Recovery> decide(Recovery recovery, Context<Recovery> context) {
        RecoveryStatus before = recovery.getStatus();
        RecoveryStatus status = before == null ? new RecoveryStatus() : JSON.clone(before);
        if (status.getPhase() == null) {
            status.setPhase(RecoveryPhase.Pending);
        }
        status.setObservedGeneration(recovery.getMetadata().getGeneration());
        StatusBook book = new StatusBook(status.getConditions(), recovery.getMetadata().getGeneration(), clock.instant());
        Optional<Duration> recheck = status.getPhase().isTerminal() ? Optional.empty()
                : advance(recovery, status, book, context);
        if (!Objects.equals(JSON.asJson(before), JSON.asJson(status))) {
            Recovery changed = JSON.clone(recovery);
            changed.setStatus(status);
            try {
                recovery = context.getClient().resource(changed).updateStatus();
            } catch (KubernetesClientException e) {
                if (Conflicts.isConflict(e)) {
                    return UpdateControl.<Recovery>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
                }
                throw e;
            }
            book.tell(events, recovery);
        }
        UpdateControl<Recovery> control = UpdateControl.noUpdate();
        recheck.ifPresent(control::rescheduleAfter);
        return control;
    }

    private Optional<Duration> advance(Recovery recovery, RecoveryStatus status, StatusBook book,
                                       Context<Recovery> context) {
        int attempt = status.getAttempts() == null ? 1 : status.getAttempts();
        String name = MissionJobs.recoveryName(recovery.getSpec().getLaunch().getName(), attempt);
        Job job = context.getSecondaryResourcesAsStream(Job.class)
                .filter(j -> name.equals(j.getMetadata().getName()))
                .findFirst()
                .orElse(null);
        if (job == null) {
            job = start(recovery, status, book, context, attempt);
            if (!ownedBy(job, recovery)) {
                // A Job of this launch created before its Recovery (by an origin operator of an earlier release):
                // followed to its end, but its changes do not reach this Recovery, so it is looked at again.
                return outcome(recovery, status, book, context, job, attempt)
                        .or(() -> Optional.of(jobs.recoveryPoll()));
            }
            return Optional.empty();
        }
        return outcome(recovery, status, book, context, job, attempt);
    }

    private Optional<Duration> outcome(Recovery recovery, RecoveryStatus status, StatusBook book,
                                       Context<Recovery> context, Job job, int attempt) {
        if (MissionJobs.succeeded(job)) {
            return arrive(recovery, status, book, context, job);
        }
        if (MissionJobs.failed(job)) {
            if (attempt < jobs.recoveryAttempts()) {
                start(recovery, status, book, context, attempt + 1);
                return Optional.empty();
            }
            String message = "barge recovery failed " + attempt + " times";
            status.setPhase(RecoveryPhase.Failed);
            status.setMessage(message);
            book.condition(RecoveryConditions.FAILED, true, "RecoveryFailed", message);
            book.condition(RecoveryConditions.RECOVERED, false, "RecoveryFailed", message);
            book.warning("RecoveryFailed", message);
            return Optional.empty();
        }
        // Running: its informer tells when it ends. A status lost after the Job was created is written again.
        record(recovery, status, job, attempt);
        return Optional.empty();
    }

    private static boolean ownedBy(Job job, Recovery recovery) {
        return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Objects.equals(owner.getUid(), recovery.getMetadata().getUid()));
    }

    /** Starts (or finds, if it exists) the attempt's barge-recovery Job, and records it. */
    private Job start(Recovery recovery, RecoveryStatus status, StatusBook book, Context<Recovery> context,
                      int attempt) {
        RecoverySpec spec = recovery.getSpec();
        MissionJobs.Mission mission = new MissionJobs.Mission(spec.getLaunch().getName(), spec.getLaunch().getNamespace(),
                spec.getLaunch().getUid(), spec.getLaunch().getRegion(), region,
                spec.getManifest() == null ? null : spec.getManifest().getId(), spec.getVehicle().getName());
        Job wanted = MissionJobs.recovery(mission, recovery.getMetadata().getNamespace(), attempt, jobs.recovery());
        wanted.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(recovery.getApiVersion())
                .withKind(recovery.getKind())
                .withName(recovery.getMetadata().getName())
                .withUid(recovery.getMetadata().getUid())
                .withController(true)
                .build()));
        Job job = MissionJobs.ensure(context.getClient(), wanted);
        record(recovery, status, job, attempt);
        String message = "barge-recovery Job " + job.getMetadata().getName() + " started"
                + (attempt > 1 ? " (attempt " + attempt + " of " + jobs.recoveryAttempts() + ")" : "");
        status.setMessage(message);
        book.condition(RecoveryConditions.RECOVERED, false, "Recovering", message);
        if (attempt > 1) {
            book.warning("RecoveryRetried", message);
        } else {
            book.normal("Recovering", message);
        }
        return job;
    }

    private void record(Recovery recovery, RecoveryStatus status, Job job, int attempt) {
        status.setPhase(RecoveryPhase.Recovering);
        status.setAttempts(attempt);
        status.setJob(new JobReference(region, recovery.getMetadata().getNamespace(), job.getMetadata().getName()));
    }

    private Optional<Duration> arrive(Recovery recovery, RecoveryStatus status, StatusBook book,
                                      Context<Recovery> context, Job job) {
        String vehicle = recovery.getSpec().getVehicle().getName();
        String recoveredAt = job.getStatus().getCompletionTime() != null ? job.getStatus().getCompletionTime()
                : book.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ArrivingVehicle.Outcome outcome = ArrivingVehicle.arrive(context.getClient(), region, recovery,
                Instant.parse(recoveredAt));
        if (outcome == ArrivingVehicle.Outcome.NAME_TAKEN) {
            String message = "cargo unloaded, but " + region + " already has another vehicle named " + vehicle
                    + "; vehicle names must be unique across the network: rename one";
            status.setMessage(message);
            book.warnOnChange(RecoveryConditions.RECOVERED, RecoveryConditions.VEHICLE_NAME_TAKEN, message);
            return Optional.of(settings.vehicleRetry());
        }
        String message = outcome == ArrivingVehicle.Outcome.ARRIVED
                ? "cargo unloaded at " + region + "; vehicle " + vehicle + " refurbishing here"
                : "cargo unloaded at " + region + "; vehicle " + vehicle + " no longer exists";
        status.setPhase(RecoveryPhase.Recovered);
        status.setRecoveredAt(recoveredAt);
        status.setMessage(message);
        book.condition(RecoveryConditions.RECOVERED, true, "Recovered", message);
        book.condition(RecoveryConditions.FAILED, false, "Recovered", message);
        book.normal("Recovered", message);
        return Optional.empty();
    }
}
