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
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.kube.Conflicts;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import io.rocketexpress.operator.launch.LaunchObservations.RecoverySight;
import io.rocketexpress.operator.region.RegionCalls;
import io.rocketexpress.operator.region.RegionClients;
import io.rocketexpress.operator.region.RegionUnavailable;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drives a Launch through its state machine: observes what the decision needs, lets {@link LaunchDecisions}
 * decide, has {@link LaunchEffects} carry the actions out (deciding again if one is refused), then writes the
 * status with the resourceVersion it was decided on and tells the transitions as Kubernetes Events.
 */
@ControllerConfiguration(name = "launch")
public class LaunchReconciler implements Reconciler<Launch>, Cleaner<Launch> {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** Decisions made on one reconcile at most: a refusal is learnt from, a second one too, then wait. */
    private static final int ROUNDS = 3;

    private final RegionClients regions;
    private final EventPublisher events;
    private final LaunchSettings settings;
    private final Clock clock;
    private final VehicleReservations reservations;
    private final JobSettings jobs;
    private final KubernetesClient local;
    private final LaunchMetrics metrics;
    private final ReconcileMetrics reconciles;
    private final RegionCalls calls;
    private final RecoveryEvents recoveries;
    private final LaunchEffects effects;
    /** Every Vehicle of the watched namespaces, as the informer last saw it: reservations read no LIST. */
    private volatile InformerEventSource<Vehicle, Launch> vehicles;
    /** The launches waiting for a vehicle, in window order: whom a vehicle turning Available wakes. */
    private final WaitingLaunches waiting = new WaitingLaunches();

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
        this.reservations = new VehicleReservations(client, clock);
        this.recoveries = new RecoveryEvents(regions.here().name());
        this.effects = new LaunchEffects(client, reservations, new VehicleHandover(client), calls, recoveries, jobs,
                this::candidates);
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
        InformerEventSourceConfiguration<Vehicle> fleet = InformerEventSourceConfiguration.from(Vehicle.class, Launch.class)
                .withName("vehicles")
                .withSecondaryToPrimaryMapper(vehicle -> launchesConcerned(vehicle, context.getPrimaryCache(), waiting))
                // Without it, the SDK would index every launch a vehicle's change wakes as that vehicle's owner:
                // each Available vehicle times each waiting launch, millions of entries at 10,000 launches.
                .withPrimaryToSecondaryMapper(LaunchReconciler::vehicleHeld)
                .build();
        // Indexes, so that a reconcile or a vehicle's change looks at the few objects concerned, not at every
        // launch and vehicle of the namespace (thousands of each at network scale).
        vehicles = new InformerEventSource<>(fleet, context);
        vehicles.addIndexers(Map.of(HELD_FOR, LaunchReconciler::heldFor, AVAILABLE_AT, LaunchReconciler::availableAt));
        return List.of(new InformerEventSource<>(flights, context), recoveries, vehicles);
    }

    /** Index of the vehicles by the launch their status names, by namespace and launch. */
    static final String HELD_FOR = "held-for";
    /** Index of the Available vehicles, by namespace and region. */
    static final String AVAILABLE_AT = "available-at";

    /**
     * How many waiting launches one vehicle becoming Available wakes: those whose windows open first and that it
     * suits. One vehicle serves one launch; waking every waiting launch of the region only makes them race for it
     * (and, when a whole fleet turns Available at once, costs millions of wake-ups). The others look again from the
     * cache every {@code rocketexpress.launch.vehicle-retry}, and are woken by the next vehicle.
     */
    static final int WAKE_LIMIT = 8;

    static List<String> heldFor(Vehicle vehicle) {
        return vehicle.getStatus() == null || vehicle.getStatus().getLaunch() == null ? List.of()
                : List.of(vehicle.getMetadata().getNamespace() + "/" + vehicle.getStatus().getLaunch());
    }

    static List<String> availableAt(Vehicle vehicle) {
        return vehicle.getStatus() == null || vehicle.getStatus().getPhase() != VehiclePhase.Available
                || vehicle.getStatus().getRegion() == null ? List.of()
                : List.of(vehicle.getMetadata().getNamespace() + "/" + vehicle.getStatus().getRegion());
    }

    /**
     * The launches a vehicle's change concerns: the one it is reserved for or flying, and, when it is Available,
     * the launches at its region still waiting for a vehicle it suits, those whose windows open first (at most
     * {@link #WAKE_LIMIT}): they wake when one is free, not on a timer.
     */
    static Set<ResourceID> launchesConcerned(Vehicle vehicle, IndexerResourceCache<Launch> launches,
                                            WaitingLaunches waiting) {
        String namespace = vehicle.getMetadata().getNamespace();
        Set<ResourceID> concerned = new HashSet<>();
        if (vehicle.getStatus() != null && vehicle.getStatus().getLaunch() != null) {
            concerned.add(new ResourceID(vehicle.getStatus().getLaunch(), namespace));
        }
        if (vehicle.getStatus() != null && vehicle.getStatus().getPhase() == VehiclePhase.Available
                && vehicle.getStatus().getRegion() != null) {
            String name = vehicle.getMetadata().getName();
            waiting.first(WaitingLaunches.place(namespace, vehicle.getStatus().getRegion()), WAKE_LIMIT,
                    launch -> {
                        String wanted = launch.getSpec().getVehicle();
                        return (wanted == null || wanted.isBlank() || name.equals(wanted))
                                && VehicleReservations.unsuitable(launch, vehicle) == null;
                    }, launches::get)
                    .forEach(launch -> concerned.add(ResourceID.fromResource(launch)));
        }
        return concerned;
    }

    /** The vehicle a launch's status names: its only Vehicle as the SDK sees it. */
    static Set<ResourceID> vehicleHeld(Launch launch) {
        String vehicle = launch.getStatus() == null ? null : launch.getStatus().getVehicle();
        return vehicle == null ? Set.of() : Set.of(new ResourceID(vehicle, launch.getMetadata().getNamespace()));
    }

    @Override
    public UpdateControl<Launch> reconcile(Launch launch, Context<Launch> context) {
        return reconciles.count("Launch", () -> reconcileOnce(launch, context));
    }

    private UpdateControl<Launch> reconcileOnce(Launch launch, Context<Launch> context) {
        LaunchDecisions.Pacing pacing = new LaunchDecisions.Pacing(settings.vehicleRetry(), jobs.recoveryPoll());
        waiting.update(launch);
        LaunchObservations seen = observe(launch, context);
        LaunchDecisions.Decision decision = null;
        for (int round = 0; round < ROUNDS && decision == null; round++) {
            LaunchDecisions.Decision candidate = LaunchDecisions.decide(launch, seen, pacing);
            Optional<LaunchObservations> refused = effects.carryOut(launch, candidate.actions(), seen);
            if (refused.isEmpty()) {
                decision = candidate;
            } else {
                seen = refused.get();
            }
        }
        if (decision == null) {
            // Refused every time: the world moves under us; look again shortly rather than write a guess.
            return UpdateControl.<Launch>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
        }
        reachability(launch, seen);
        Launch written = launch;
        if (!Objects.equals(JSON.asJson(launch.getStatus()), JSON.asJson(decision.status()))) {
            Launch changed = JSON.clone(launch);
            changed.setStatus(decision.status());
            try {
                written = context.getClient().resource(changed).updateStatus();
            } catch (KubernetesClientException e) {
                if (Conflicts.isConflict(e)) {
                    // Decided on a stale version: decide again on the current one.
                    return UpdateControl.<Launch>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
                }
                throw e;
            }
            decision.book().tell(events, written);
        }
        waiting.update(written);
        metrics.phase(key(launch), decision.status().getPhase(),
                LaunchMetrics.enteredAt(launch.getSpec(), decision.status()));
        UpdateControl<Launch> control = UpdateControl.noUpdate();
        decision.recheck().ifPresent(control::rescheduleAfter);
        return control;
    }

    /** Gathers what the launch's phase needs decided on, and nothing more. */
    private LaunchObservations observe(Launch launch, Context<Launch> context) {
        LaunchPhase phase = launch.getStatus() == null || launch.getStatus().getPhase() == null ? LaunchPhase.Pending
                : launch.getStatus().getPhase();
        Optional<LaunchObservations.RegionProblem> problem = regionProblem(launch);
        String namespace = problem.isPresent() ? null : regions.region(launch.getSpec().getDestination()).namespace();
        boolean settled = phase.isTerminal() || problem.isPresent();
        Optional<Vehicle> held = Optional.empty();
        VehicleReservations.Result candidate = null;
        if (!settled && (phase == LaunchPhase.Pending || phase == LaunchPhase.Scheduled)) {
            held = VehicleReservations.heldBy(launch, vehicles.byIndex(HELD_FOR, key(launch)));
            if (held.isEmpty() && phase == LaunchPhase.Scheduled && launch.getStatus().getVehicle() != null) {
                // The cache may not show a reservation just written: ask before calling it lost.
                Vehicle reserved = local.resources(Vehicle.class).inNamespace(launch.getMetadata().getNamespace())
                        .withName(launch.getStatus().getVehicle()).get();
                held = reserved == null ? Optional.empty() : VehicleReservations.heldBy(launch, List.of(reserved));
            }
            if (phase == LaunchPhase.Pending && held.isEmpty()) {
                candidate = VehicleReservations.choose(launch, candidates(launch));
            }
        }
        Optional<Job> flightJob = Optional.empty();
        if (!settled && (phase == LaunchPhase.Launching || phase == LaunchPhase.InFlight)) {
            String name = MissionJobs.flightName(launch);
            flightJob = context.getSecondaryResourcesAsStream(Job.class)
                    .filter(job -> name.equals(job.getMetadata().getName())).findFirst();
        }
        Optional<Vehicle> vehicle = Optional.empty();
        RecoverySight recovery = new RecoverySight.NotLooked();
        if (!settled && (phase == LaunchPhase.Landed || phase == LaunchPhase.Recovering)) {
            String vehicleName = launch.getStatus().getVehicle();
            vehicle = vehicleName == null ? Optional.empty()
                    : vehicles.get(new ResourceID(vehicleName, launch.getMetadata().getNamespace()));
            recovery = recovery(launch, namespace);
        }
        return new LaunchObservations(clock.instant(), regions.here().name(), problem, namespace, held, candidate,
                vehicle, flightJob, recovery);
    }

    /** The launch's Recovery as the destination's informer last saw it, or as its API server answers. */
    private RecoverySight recovery(Launch launch, String namespace) {
        String region = launch.getSpec().getDestination();
        String name = RecoveryHandover.name(launch);
        // A Recovery that has ended, as the region's running informer holds it, is read without a call, open breaker
        // or not: the informer heard that end from the region, and acting on it at once completes the launch instead
        // of after the backoff an outage left. A Recovery never leaves its end, so that copy cannot be wrong. Before
        // its end the region is asked through its breaker, so that an outage shows as RegionReachable=False rather
        // than hiding behind a cached copy.
        Optional<Recovery> ended = recoveries.cached(region, namespace, name).filter(LaunchReconciler::ended);
        if (ended.isPresent()) {
            return new RecoverySight.Present(ended.get());
        }
        try {
            Recovery recovery = calls.call(region, client -> {
                recoveries.watch(region, client, namespace);
                return recoveries.cached(region, namespace, name).orElseGet(() ->
                        client.resources(Recovery.class).inNamespace(namespace).withName(name).get());
            });
            return recovery == null ? new RecoverySight.Absent() : new RecoverySight.Present(recovery);
        } catch (RegionUnavailable e) {
            return new RecoverySight.Unreachable(region, e.reason(), e.getMessage(), calls.backoff(region));
        }
    }

    private static boolean ended(Recovery recovery) {
        return recovery.getStatus() != null && recovery.getStatus().getPhase() != null
                && recovery.getStatus().getPhase().isTerminal();
    }

    /** Whether the destination's cluster answered, when it was asked. */
    private void reachability(Launch launch, LaunchObservations seen) {
        if (seen.recovery() instanceof RecoverySight.Unreachable unreachable) {
            metrics.reachable(unreachable.region(), false);
        } else if (!(seen.recovery() instanceof RecoverySight.NotLooked)) {
            metrics.reachable(launch.getSpec().getDestination(), true);
        }
    }

    private Optional<LaunchObservations.RegionProblem> regionProblem(Launch launch) {
        String here = regions.here().name();
        if (!here.equals(launch.getSpec().getOrigin())) {
            return Optional.of(new LaunchObservations.RegionProblem("WrongCluster", "this cluster is region " + here
                    + "'s; a launch from " + launch.getSpec().getOrigin() + " belongs in "
                    + launch.getSpec().getOrigin() + "'s cluster"));
        }
        try {
            regions.region(launch.getSpec().getDestination());
            return Optional.empty();
        } catch (RegionUnavailable e) {
            return Optional.of(new LaunchObservations.RegionProblem(e.reason(), e.getMessage()));
        }
    }

    /**
     * The vehicles a launch may be given, from the informer's cache: the one it names, or the Available ones at its
     * origin ({@link VehicleReservations#choose} decides among them).
     */
    private List<Vehicle> candidates(Launch launch) {
        String named = launch.getSpec().getVehicle();
        if (named != null && !named.isBlank()) {
            return vehicles.get(new ResourceID(named, launch.getMetadata().getNamespace())).map(List::of).orElse(List.of());
        }
        return vehicles.byIndex(AVAILABLE_AT, launch.getMetadata().getNamespace() + "/" + launch.getSpec().getOrigin());
    }

    private static String key(Launch launch) {
        return launch.getMetadata().getNamespace() + "/" + launch.getMetadata().getName();
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
            vehicle = VehicleReservations.heldBy(launch, vehicles.byIndex(HELD_FOR, key(launch))).map(v -> v.getMetadata().getName()).orElse(null);
        }
        if (vehicle != null && reservations.release(launch, vehicle)) {
            events.normal(launch, "VehicleReleased", "launch deleted; vehicle " + vehicle + " released");
        }
        metrics.forget(key(launch));
        waiting.forget(ResourceID.fromResource(launch));
        return DeleteControl.defaultDelete();
    }
}
