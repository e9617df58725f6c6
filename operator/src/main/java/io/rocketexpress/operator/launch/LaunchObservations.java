package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.vehicle.Vehicle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the operator saw of a launch's world when it reconciled it, gathered before deciding: the decision
 * itself reads nothing more.
 *
 * @param now                  the time of the reconcile
 * @param here                 this operator's region
 * @param regionProblem        why the launch's regions cannot be used here, if they cannot
 * @param destinationNamespace the namespace of the destination's cluster that receives its Recovery
 * @param held                 the vehicle already reserved for the launch (or flying it), if any
 * @param candidate            what a reservation would take, or why none can be (looked at while Pending)
 * @param vehicle              the launch's vehicle as it is now (looked at when handing the recovery over)
 * @param flightJob            its vehicle-controller Job (looked at while it flies)
 * @param recovery             its Recovery in the destination's cluster (looked at from landing on)
 */
record LaunchObservations(Instant now, String here, Optional<RegionProblem> regionProblem, String destinationNamespace,
                          Optional<Vehicle> held, VehicleReservations.Result candidate, Optional<Vehicle> vehicle,
                          Optional<Job> flightJob, RecoverySight recovery) {

    /** The same, with what a refused reservation taught. */
    LaunchObservations withCandidate(VehicleReservations.Result refused) {
        return new LaunchObservations(now, here, regionProblem, destinationNamespace, held, refused, vehicle, flightJob,
                recovery);
    }

    /** The same, with what handing the recovery over found. */
    LaunchObservations withRecovery(RecoverySight sight) {
        return new LaunchObservations(now, here, regionProblem, destinationNamespace, held, candidate, vehicle,
                flightJob, sight);
    }

    /** A reason and a message for the RegionsValid condition. */
    record RegionProblem(String reason, String message) {
    }

    /** What was seen of the launch's Recovery in its destination's cluster. */
    sealed interface RecoverySight {

        /** Not looked at: the launch has not landed. */
        record NotLooked() implements RecoverySight {
        }

        /** The destination's cluster has none of that name. */
        record Absent() implements RecoverySight {
        }

        /** There is one of that name: this launch's, or another's. */
        record Present(Recovery recovery) implements RecoverySight {
        }

        /** The destination's cluster could not be used; try again after the backoff. */
        record Unreachable(String region, String reason, String message, Duration backoff) implements RecoverySight {
        }
    }
}
