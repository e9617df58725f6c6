package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.operator.launch.LaunchObservations.RecoverySight;
import io.rocketexpress.operator.region.RegionCalls;
import io.rocketexpress.operator.region.RegionUnavailable;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out what a launch's decision asks, in order. Most actions cannot be refused (they are guarded and
 * repeatable); a reservation or a handover can, and then the launch is decided again with what was learnt.
 */
final class LaunchEffects {

    private final KubernetesClient local;
    private final VehicleReservations reservations;
    private final VehicleHandover handover;
    private final RegionCalls calls;
    private final RecoveryEvents recoveries;
    private final JobSettings jobs;
    private final Function<Launch, List<Vehicle>> fleet;

    /**
     * @param fleet the vehicles a launch may be given, as the informer last saw them
     */
    LaunchEffects(KubernetesClient local, VehicleReservations reservations, VehicleHandover handover, RegionCalls calls,
                  RecoveryEvents recoveries, JobSettings jobs, Function<Launch, List<Vehicle>> fleet) {
        this.fleet = fleet;
        this.local = local;
        this.reservations = reservations;
        this.handover = handover;
        this.calls = calls;
        this.recoveries = recoveries;
        this.jobs = jobs;
    }

    /**
     * @return empty when every action was done; otherwise the observations corrected by the refusal, to decide on
     *         again (the actions after the refused one are not done)
     */
    Optional<LaunchObservations> carryOut(Launch launch, List<LaunchAction> actions, LaunchObservations seen) {
        for (LaunchAction action : actions) {
            Optional<LaunchObservations> refused = carryOut(launch, action, seen);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<LaunchObservations> carryOut(Launch launch, LaunchAction action, LaunchObservations seen) {
        if (action instanceof LaunchAction.Reserve reserve) {
            Vehicle candidate = seen.candidate() == null ? null : seen.candidate().vehicle();
            VehicleReservations.Result result = candidate != null
                    && reserve.vehicle().equals(candidate.getMetadata().getName())
                    ? reservations.reserve(launch, candidate) : reservations.reserveNamed(launch, reserve.vehicle());
            if (result.vehicle() == null) {
                // Someone was faster: look again at what is left, with that vehicle as it was just read (the
                // informer may not have seen it change yet).
                VehicleReservations.Result next = VehicleReservations.choose(launch, fresher(fleet.apply(launch),
                        result.seen()));
                return Optional.of(seen.withCandidate(next));
            }
        } else if (action instanceof LaunchAction.AdvanceVehicle advance) {
            reservations.advance(launch, advance.vehicle(), advance.from(), v -> v.getStatus().setPhase(advance.to()));
        } else if (action instanceof LaunchAction.ReleaseVehicle release) {
            reservations.release(launch, release.vehicle());
        } else if (action instanceof LaunchAction.GroundVehicle ground) {
            reservations.groundAfterFailure(launch, ground.vehicle());
        } else if (action instanceof LaunchAction.CreateFlightJob flight) {
            MissionJobs.ensure(local, MissionJobs.flight(launch, flight.vehicle(), jobs.flight()));
        } else if (action instanceof LaunchAction.DeleteFlightJob) {
            local.batch().v1().jobs().inNamespace(launch.getMetadata().getNamespace())
                    .withName(MissionJobs.flightName(launch)).withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } else if (action instanceof LaunchAction.HandOverRecovery handOver) {
            RecoverySight found = handOver(handOver);
            if (!(found instanceof RecoverySight.Present present
                    && RecoveryHandover.belongsTo(present.recovery(), launch))) {
                return Optional.of(seen.withRecovery(found));
            }
        } else if (action instanceof LaunchAction.DepartVehicle depart) {
            handover.depart(launch, depart.vehicle());
        } else {
            throw new IllegalArgumentException("no way to carry out " + action);
        }
        return Optional.empty();
    }

    /** The fleet with one vehicle as it was just read in place of the informer's older copy. */
    private static List<Vehicle> fresher(List<Vehicle> fleet, Vehicle read) {
        if (read == null) {
            return fleet;
        }
        String name = read.getMetadata().getName();
        return fleet.stream().map(v -> name.equals(v.getMetadata().getName()) ? read : v).toList();
    }

    private RecoverySight handOver(LaunchAction.HandOverRecovery handOver) {
        String region = handOver.region();
        Recovery wanted = handOver.recovery();
        try {
            return new RecoverySight.Present(calls.call(region, client -> {
                recoveries.watch(region, client, wanted.getMetadata().getNamespace());
                return RecoveryHandover.ensure(client, wanted);
            }));
        } catch (RegionUnavailable e) {
            return new RecoverySight.Unreachable(region, e.reason(), e.getMessage(), calls.backoff(region));
        }
    }
}
