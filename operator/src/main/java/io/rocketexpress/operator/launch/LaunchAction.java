package io.rocketexpress.operator.launch;

import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.vehicle.VehiclePhase;

/** What a decision about a launch asks to be done, in order, before its status is written. */
sealed interface LaunchAction {

    /** Reserve that vehicle (guarded by its resourceVersion; refused if someone was faster). */
    record Reserve(String vehicle) implements LaunchAction {
    }

    /** Move the launch's vehicle from one phase to the next, if it is still in the first. */
    record AdvanceVehicle(String vehicle, VehiclePhase from, VehiclePhase to) implements LaunchAction {
    }

    /** Give the vehicle back: the launch will not fly it. */
    record ReleaseVehicle(String vehicle) implements LaunchAction {
    }

    /** Ground the vehicle after its mission failed, for the platform team to inspect. */
    record GroundVehicle(String vehicle) implements LaunchAction {
    }

    /** Create the vehicle-controller Job (idempotent). */
    record CreateFlightJob(String vehicle) implements LaunchAction {
    }

    /** Delete the vehicle-controller Job: the launch was scrubbed before liftoff. */
    record DeleteFlightJob() implements LaunchAction {
    }

    /** Create the Recovery in the destination's cluster (idempotent); refused if another launch's is there. */
    record HandOverRecovery(String region, Recovery recovery) implements LaunchAction {
    }

    /** Delete this region's copy of the vehicle: it is in the destination's fleet now. */
    record DepartVehicle(String vehicle) implements LaunchAction {
    }
}
