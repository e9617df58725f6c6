package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchConditions;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.RecoveryConditions;
import io.rocketexpress.model.recovery.RecoveryStatus;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.operator.kube.Conditions;
import io.rocketexpress.operator.kube.StatusBook;
import io.rocketexpress.operator.launch.LaunchObservations.RecoverySight;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A launch's state machine (product specification, operator behaviour) as one pure function: the launch and what
 * was observed of its world in, the next status, the actions that status assumes and when to look again out.
 * Nothing here reads or writes a cluster; {@link LaunchEffects} carries the actions out, and when one is refused
 * (a vehicle reserved by someone faster, a Recovery that is another launch's, a region that does not answer) the
 * launch is decided again with that refusal observed.
 */
final class LaunchDecisions {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** Never less than a tick: a wait that rounds down to 0 ms would not be rescheduled at all. */
    static final Duration MINIMUM_WAIT = Duration.ofMillis(200);

    private LaunchDecisions() {
    }

    /**
     * @param vehicleRetry how often a launch waiting for a vehicle looks again
     * @param recoveryPoll how often a recovering launch reads its Recovery without news from its informer
     */
    record Pacing(Duration vehicleRetry, Duration recoveryPoll) {
    }

    /**
     * @param status  the status to write
     * @param actions what must be done first, in order
     * @param recheck when to decide again without any news
     * @param book    the conditions set and the Events to tell once the status is written
     */
    record Decision(LaunchStatus status, List<LaunchAction> actions, Optional<Duration> recheck, StatusBook book) {
    }

    static Decision decide(Launch launch, LaunchObservations seen, Pacing pacing) {
        LaunchStatus before = launch.getStatus();
        LaunchStatus status = before == null ? new LaunchStatus() : JSON.clone(before);
        if (status.getPhase() == null) {
            status.setPhase(LaunchPhase.Pending);
        }
        status.setObservedGeneration(launch.getMetadata().getGeneration());
        Step step = new Step(launch, seen, pacing, status,
                new StatusBook(status.getConditions(), launch.getMetadata().getGeneration(), seen.now()));
        Optional<Duration> recheck = status.getPhase().isTerminal() ? Optional.empty() : step.advance();
        return new Decision(status, List.copyOf(step.actions), recheck, step.book);
    }

    /** One decision in the making. */
    private static final class Step {
        final Launch launch;
        final LaunchObservations seen;
        final Pacing pacing;
        final LaunchStatus status;
        final StatusBook book;
        final List<LaunchAction> actions = new ArrayList<>();

        Step(Launch launch, LaunchObservations seen, Pacing pacing, LaunchStatus status, StatusBook book) {
            this.launch = launch;
            this.seen = seen;
            this.pacing = pacing;
            this.status = status;
            this.book = book;
        }

        Optional<Duration> advance() {
            if (seen.regionProblem().isPresent()) {
                LaunchObservations.RegionProblem problem = seen.regionProblem().get();
                warnOnChange(LaunchConditions.REGIONS_VALID, problem.reason(), problem.message());
                status.setMessage(problem.message());
                return Optional.empty();
            }
            book.condition(LaunchConditions.REGIONS_VALID, true, "RegionsKnown",
                    launch.getSpec().getOrigin() + " → " + launch.getSpec().getDestination());
            boolean sealed = launch.getSpec().manifestSealed();
            book.condition(LaunchConditions.MANIFEST_SEALED, sealed, sealed ? "Sealed" : "NotSealed",
                    sealed ? "manifest " + launch.getSpec().getManifest().getId() + " sealed"
                            : "the gateway seals the manifest at the sales cutoff");
            LaunchPhase phase = status.getPhase();
            boolean grounded = phase == LaunchPhase.Pending || phase == LaunchPhase.Scheduled;
            if (grounded && launch.getSpec().scrub()) {
                return scrub("ScrubRequested", "scrubbed by the platform team (spec.scrub)");
            }
            Instant closes = launch.getSpec().getWindow().closes().toInstant();
            if (grounded && !seen.now().isBefore(closes)) {
                return sealed
                        ? scrub("NoVehicle", "the window closed at " + closes + " without a vehicle")
                        : scrub("NoManifest", "the window closed at " + closes + " without a sealed manifest");
            }
            if (phase == LaunchPhase.Scheduled && !stillReserved()) {
                return Optional.of(Duration.ofSeconds(1));
            }
            if (phase == LaunchPhase.Launching && launch.getSpec().scrub()) {
                actions.add(new LaunchAction.DeleteFlightJob());
                return scrub("ScrubRequested", "scrubbed by the platform team before liftoff");
            }
            return switch (phase) {
                case Pending -> reserve();
                case Scheduled -> sealed && !seen.now().isBefore(launch.getSpec().getWindow().opensInstant())
                        ? launchFlight() : Optional.of(untilNext());
                case Launching, InFlight -> followFlight();
                case Landed -> handOverRecovery();
                case Recovering -> followRecovery();
                default -> Optional.empty();
            };
        }

        private Optional<Duration> reserve() {
            String vehicle;
            if (seen.held().isPresent()) {
                // Reserved before a restart, or before a lost status write: adopted.
                vehicle = seen.held().get().getMetadata().getName();
            } else if (seen.candidate() != null && seen.candidate().vehicle() != null) {
                vehicle = seen.candidate().vehicle().getMetadata().getName();
                actions.add(new LaunchAction.Reserve(vehicle));
            } else {
                VehicleReservations.Result refused = seen.candidate() == null
                        ? VehicleReservations.Result.refused("NoVehicleAvailable", "looking for a vehicle")
                        : seen.candidate();
                warnOnChange(LaunchConditions.VEHICLE_RESERVED, refused.reason(), refused.message());
                status.setMessage(refused.message());
                return Optional.of(pacing.vehicleRetry());
            }
            status.setVehicle(vehicle);
            status.setPhase(LaunchPhase.Scheduled);
            String message = "vehicle " + vehicle + " reserved; window opens at " + launch.getSpec().getWindow().getOpensAt();
            book.condition(LaunchConditions.VEHICLE_RESERVED, true, "Reserved", "vehicle " + vehicle + " reserved");
            status.setMessage(message);
            book.normal("Scheduled", message);
            return Optional.of(untilNext());
        }

        /** False, and back to Pending, when the reserved vehicle was taken away (grounded, say). */
        private boolean stillReserved() {
            String vehicle = status.getVehicle();
            if (seen.held().isPresent() && seen.held().get().getMetadata().getName().equals(vehicle)) {
                return true;
            }
            String message = "vehicle " + vehicle + " is no longer reserved for this launch; looking for another";
            status.setVehicle(null);
            status.setPhase(LaunchPhase.Pending);
            book.condition(LaunchConditions.VEHICLE_RESERVED, false, "ReservationLost", message);
            status.setMessage(message);
            book.warning("ReservationLost", message);
            return false;
        }

        private Optional<Duration> launchFlight() {
            actions.add(new LaunchAction.CreateFlightJob(status.getVehicle()));
            String name = MissionJobs.flightName(launch);
            status.setControllerJob(new JobReference(seen.here(), launch.getMetadata().getNamespace(), name));
            status.setPhase(LaunchPhase.Launching);
            String message = "vehicle-controller Job " + name + " started; waiting for liftoff";
            status.setMessage(message);
            book.normal("Launching", message);
            return Optional.empty();
        }

        private Optional<Duration> followFlight() {
            Job job = seen.flightJob().orElse(null);
            if (job == null) {
                if (status.getPhase() == LaunchPhase.Launching) {
                    return launchFlight();
                }
                return fail("FlightJobLost", "the vehicle-controller Job of a launch in flight disappeared");
            }
            String liftoff = liftoff(job);
            if (status.getPhase() == LaunchPhase.Launching && (liftoff != null || MissionJobs.succeeded(job))) {
                status.setLiftoffAt(liftoff != null ? liftoff : job.getStatus().getStartTime());
                actions.add(new LaunchAction.AdvanceVehicle(status.getVehicle(), VehiclePhase.Reserved, VehiclePhase.InFlight));
                status.setPhase(LaunchPhase.InFlight);
                book.condition(LaunchConditions.LAUNCHED, true, "Liftoff", "lifted off at " + status.getLiftoffAt());
                status.setMessage("in flight to " + launch.getSpec().getDestination());
                book.normal("Liftoff", "vehicle " + status.getVehicle() + " lifted off at " + status.getLiftoffAt());
            }
            if (MissionJobs.failed(job)) {
                return fail("MissionFailure", "the vehicle-controller Job " + job.getMetadata().getName()
                        + " failed; vehicle " + status.getVehicle() + " grounded");
            }
            if (status.getPhase() == LaunchPhase.InFlight && MissionJobs.succeeded(job)) {
                status.setLandedAt(job.getStatus().getCompletionTime() != null ? job.getStatus().getCompletionTime()
                        : seen.now().toString());
                actions.add(new LaunchAction.AdvanceVehicle(status.getVehicle(), VehiclePhase.InFlight, VehiclePhase.Recovering));
                status.setPhase(LaunchPhase.Landed);
                book.condition(LaunchConditions.LANDED, true, "SafeLanding", "landed at " + status.getLandedAt());
                status.setMessage("landed at sea off " + launch.getSpec().getDestination()
                        + "; handing the recovery over");
                book.normal("Landed", "vehicle " + status.getVehicle() + " landed at sea off "
                        + launch.getSpec().getDestination());
                // Handed over on the next look, once the destination's Recovery has been looked for.
                return Optional.of(MINIMUM_WAIT);
            }
            return Optional.empty();
        }

        /**
         * The liftoff time the vehicle controller wrote on its Job, if it reads as one. Anything else is reported
         * (a condition and a Warning event) and taken as no liftoff reported: the Job's own outcome still decides.
         */
        private String liftoff(Job job) {
            String written = job.getMetadata().getAnnotations() == null ? null
                    : job.getMetadata().getAnnotations().get(RocketExpress.LIFTOFF_ANNOTATION);
            if (written == null) {
                return null;
            }
            try {
                OffsetDateTime.parse(written);
            } catch (DateTimeParseException e) {
                warnOnChange(LaunchConditions.ANNOTATIONS_VALID, "MalformedLiftoff", "the "
                        + RocketExpress.LIFTOFF_ANNOTATION + " annotation of Job " + job.getMetadata().getName()
                        + " is not an RFC 3339 time: '" + written + "'; ignored");
                return null;
            }
            book.condition(LaunchConditions.ANNOTATIONS_VALID, true, "Readable",
                    "the vehicle controller's annotations read as they should");
            return written;
        }

        /** Hands the recovery over to the destination: a Recovery in its cluster, which its own operator runs. */
        private Optional<Duration> handOverRecovery() {
            String destination = launch.getSpec().getDestination();
            RecoverySight sight = seen.recovery();
            if (sight instanceof RecoverySight.Unreachable unreachable) {
                return unreachable(unreachable);
            }
            reachable(destination);
            if (sight instanceof RecoverySight.Present present && !RecoveryHandover.belongsTo(present.recovery(), launch)) {
                return recoveryNameTaken(destination);
            }
            if (!(sight instanceof RecoverySight.Present)) {
                actions.add(new LaunchAction.HandOverRecovery(destination, RecoveryHandover.recovery(launch,
                        seen.destinationNamespace(), status.getVehicle(), seen.vehicle().orElse(null),
                        status.getLandedAt())));
            }
            status.setRecovery(new JobReference(destination, seen.destinationNamespace(), RecoveryHandover.name(launch)));
            status.setPhase(LaunchPhase.Recovering);
            String message = "recovery handed over to " + destination + " (Recovery " + RecoveryHandover.name(launch)
                    + "); its operator runs the barge";
            status.setMessage(message);
            book.normal("Recovering", message);
            return Optional.of(pacing.recoveryPoll());
        }

        private Optional<Duration> recoveryNameTaken(String destination) {
            String message = destination + " already has a Recovery named " + RecoveryHandover.name(launch)
                    + " for another launch; launch names must be unique across the network while they recover";
            warnOnChange(LaunchConditions.RECOVERED, "RecoveryNameTaken", message);
            status.setMessage(message);
            return Optional.of(pacing.vehicleRetry());
        }

        /** Follows the Recovery's status, as the destination's operator reports it. */
        private Optional<Duration> followRecovery() {
            RecoverySight sight = seen.recovery();
            if (status.getRecovery() == null || sight instanceof RecoverySight.Absent
                    || sight instanceof RecoverySight.NotLooked) {
                return handOverRecovery();
            }
            if (sight instanceof RecoverySight.Unreachable unreachable) {
                return unreachable(unreachable);
            }
            String region = status.getRecovery().getRegion();
            reachable(region);
            Recovery recovery = ((RecoverySight.Present) sight).recovery();
            if (!RecoveryHandover.belongsTo(recovery, launch)) {
                return recoveryNameTaken(region);
            }
            RecoveryStatus reported = recovery.getStatus();
            if (reported == null || reported.getPhase() == null) {
                return Optional.of(pacing.recoveryPoll());
            }
            if (reported.getJob() != null) {
                status.setRecoveryJob(reported.getJob());
            }
            switch (reported.getPhase()) {
                case Recovered:
                    return complete(recovery);
                case Failed:
                    return fail("RecoveryFailed", "barge recovery failed in " + region + " (" + reported.getMessage()
                            + "); vehicle " + status.getVehicle() + " grounded");
                default:
                    break;
            }
            Optional<Condition> recovered = Conditions.find(reported.getConditions(), RecoveryConditions.RECOVERED);
            if (recovered.isPresent() && RecoveryConditions.VEHICLE_NAME_TAKEN.equals(recovered.get().getReason())) {
                warnOnChange(LaunchConditions.RECOVERED, RecoveryConditions.VEHICLE_NAME_TAKEN, recovered.get().getMessage());
                status.setMessage(recovered.get().getMessage());
            } else if (reported.getMessage() != null) {
                status.setMessage(region + ": " + reported.getMessage());
            }
            return Optional.of(pacing.recoveryPoll());
        }

        private Optional<Duration> complete(Recovery recovery) {
            actions.add(new LaunchAction.DepartVehicle(status.getVehicle()));
            String recoveredAt = recovery.getStatus().getRecoveredAt();
            status.setRecoveredAt(recoveredAt);
            status.setPhase(LaunchPhase.Completed);
            boolean arrived = recovery.getSpec().getVehicle().getSpec() != null;
            String destination = launch.getSpec().getDestination();
            String message = arrived
                    ? "cargo unloaded at " + destination + "; vehicle " + status.getVehicle() + " refurbishing there"
                    : "cargo unloaded at " + destination + "; vehicle " + status.getVehicle() + " no longer exists";
            status.setMessage(message);
            book.condition(LaunchConditions.RECOVERED, true, "Recovered", "recovered at " + recoveredAt);
            book.condition(LaunchConditions.COMPLETE, true, "Completed", message);
            book.condition(LaunchConditions.FAILED, false, "Completed", message);
            if (arrived) {
                book.normal("Completed", message);
            } else {
                book.warning("Completed", message);
            }
            return Optional.empty();
        }

        private Optional<Duration> fail(String reason, String message) {
            if (status.getVehicle() != null) {
                actions.add(new LaunchAction.GroundVehicle(status.getVehicle()));
            }
            status.setPhase(LaunchPhase.Failed);
            status.setMessage(message);
            book.condition(LaunchConditions.FAILED, true, reason, message);
            book.condition(LaunchConditions.COMPLETE, false, reason, message);
            book.warning(reason, message);
            return Optional.empty();
        }

        private Optional<Duration> scrub(String reason, String message) {
            String vehicle = status.getVehicle();
            if (vehicle != null) {
                actions.add(new LaunchAction.ReleaseVehicle(vehicle));
            }
            status.setPhase(LaunchPhase.Scrubbed);
            status.setMessage(message);
            book.condition(LaunchConditions.FAILED, true, reason, message);
            book.condition(LaunchConditions.COMPLETE, false, reason, message);
            book.warning("Scrubbed", message + (vehicle == null ? "" : "; vehicle " + vehicle + " released"));
            return Optional.empty();
        }

        private void reachable(String region) {
            book.condition(LaunchConditions.REGION_REACHABLE, true, "Reachable", "region " + region + " answers");
        }

        private Optional<Duration> unreachable(RecoverySight.Unreachable unreachable) {
            warnOnChange(LaunchConditions.REGION_REACHABLE, unreachable.reason(), unreachable.message());
            status.setMessage(unreachable.message() + "; trying again in " + unreachable.backoff().toSeconds() + "s");
            return Optional.of(unreachable.backoff());
        }

        private void warnOnChange(String type, String reason, String message) {
            book.warnOnChange(type, reason, message);
        }

        /**
         * Time until the next moment the launch must act on: its window opening, then its closing. A launch
         * scheduled with its window already open and its manifest sealed acts at once, not at the closing.
         */
        private Duration untilNext() {
            Instant opens = launch.getSpec().getWindow().opensInstant();
            Instant closes = launch.getSpec().getWindow().closes().toInstant();
            if (!seen.now().isBefore(opens) && launch.getSpec().manifestSealed()) {
                return MINIMUM_WAIT;
            }
            Instant next = seen.now().isBefore(opens) ? opens : closes;
            Duration wait = Duration.between(seen.now(), next);
            return wait.compareTo(MINIMUM_WAIT) < 0 ? MINIMUM_WAIT : wait;
        }
    }
}
