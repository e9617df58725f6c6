package io.rocketexpress.operator.vehicle;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleSpec;
import io.rocketexpress.model.vehicle.VehicleStatus;
import io.rocketexpress.operator.kube.Conditions;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a vehicle's state machine the vehicle itself decides: initialisation, readiness after
 * refurbishment, grounding and retirement. Reservation, flight and recovery are the Launch's to decide.
 */
public final class VehicleLifecycle {

    /** Phases in which the vehicle is busy with a Launch and can't be taken out of service on the spot. */
    private static final Set<VehiclePhase> FLYING = EnumSet.of(VehiclePhase.InFlight, VehiclePhase.Recovering);

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Ready=False reason of a vehicle whose arrival record does not read. */
    public static final String MALFORMED_ARRIVAL = "MalformedArrival";

    private VehicleLifecycle() {
    }

    /**
     * What the status should be now.
     *
     * @param vehicle the vehicle as observed
     * @param now     the present time
     * @return the desired status and when to look again, if a moment is already known
     */
    public static Decision decide(Vehicle vehicle, Instant now) {
        VehicleSpec spec = vehicle.getSpec();
        VehicleStatus current = vehicle.getStatus();
        VehicleStatus status = copy(vehicle);
        if (status.getRegion() == null) {
            status.setRegion(spec.getHomeRegion());
        }
        if (status.getFlights() == null) {
            status.setFlights(0);
        }
        status.setObservedGeneration(vehicle.getMetadata().getGeneration());

        VehiclePhase phase = status.getPhase();
        Instant availableAt = status.getAvailableAt() == null ? null : Instant.parse(status.getAvailableAt());
        String missionFailure = vehicle.getMetadata().getAnnotations() == null ? null
                : vehicle.getMetadata().getAnnotations().get(RocketExpress.MISSION_FAILURE_ANNOTATION);
        boolean retired = status.getFlights() >= spec.getMaxFlights();
        // An arrival record that does not read, on a vehicle not initialised yet: its flights and refurbishment
        // are unknown, so it must not pass for a fresh, available vehicle.
        boolean malformedArrival = awaitsArrival(current) && Arrival.unreadable(vehicle);
        boolean flying = phase != null && FLYING.contains(phase);

        Duration recheck = null;
        String reason;
        String message;
        if (flying) {
            reason = phase.name();
            message = retired || spec.grounded() || missionFailure != null
                    ? "busy with launch " + status.getLaunch() + "; taken out of service once it is recovered"
                    : "busy with launch " + status.getLaunch();
        } else if (malformedArrival) {
            phase = VehiclePhase.Grounded;
            reason = MALFORMED_ARRIVAL;
            message = "the " + Arrival.ANNOTATION + " annotation does not read as an arrival record; fix it, or remove"
                    + " it if this is a new vehicle";
        } else if (retired) {
            phase = VehiclePhase.Retired;
            reason = "MaxFlightsReached";
            message = "flew " + status.getFlights() + " of " + spec.getMaxFlights() + " flights it is designed for";
        } else if (missionFailure != null) {
            phase = VehiclePhase.Grounded;
            reason = "MissionFailure";
            message = "grounded after the failure of launch " + missionFailure + "; once inspected, remove the "
                    + RocketExpress.MISSION_FAILURE_ANNOTATION + " annotation to return it to service";
        } else if (spec.grounded()) {
            phase = VehiclePhase.Grounded;
            reason = "Cordoned";
            message = "grounded by the platform team (spec.grounded)";
        } else if (phase == VehiclePhase.Reserved) {
            reason = "Reserved";
            message = "reserved for launch " + status.getLaunch();
        } else if (availableAt != null && availableAt.isAfter(now)) {
            phase = VehiclePhase.Refurbishing;
            reason = "Refurbishing";
            message = "refurbishing at " + status.getRegion() + " until " + status.getAvailableAt();
            // Rounded up to whole milliseconds: a wait that rounds down to 0 ms is not rescheduled.
            recheck = Duration.ofMillis(Duration.between(now, availableAt).toMillis() + 1);
        } else {
            phase = VehiclePhase.Available;
            reason = "Available";
            message = "available at " + status.getRegion();
        }
        status.setPhase(phase);
        Conditions.set(status.getConditions(), Vehicle.READY, phase == VehiclePhase.Available, reason, message,
                vehicle.getMetadata().getGeneration(), now);
        return new Decision(status, Optional.ofNullable(recheck));
    }

    /** Not initialised yet, or held until its arrival record reads: the arrival record decides its state. */
    private static boolean awaitsArrival(VehicleStatus current) {
        return current == null || current.getPhase() == null
                || Conditions.find(current.getConditions(), Vehicle.READY)
                .map(c -> MALFORMED_ARRIVAL.equals(c.getReason())).orElse(false);
    }

    /** The observed status, or for a vehicle just flown in from another cluster, the state it arrived in. */
    private static VehicleStatus copy(Vehicle vehicle) {
        VehicleStatus current = vehicle.getStatus();
        if (!awaitsArrival(current)) {
            return JSON.clone(current);
        }
        if (current != null && current.getPhase() != null && Arrival.of(vehicle).isEmpty()) {
            // Held for a malformed arrival record: held still, or a new vehicle once the record is removed.
            VehicleStatus held = JSON.clone(current);
            held.setPhase(Arrival.unreadable(vehicle) ? held.getPhase() : null);
            return held;
        }
        return Arrival.of(vehicle).map(Arrival::status)
                .orElseGet(() -> current == null ? new VehicleStatus() : JSON.clone(current));
    }

    /**
     * @param status  the status the vehicle should have
     * @param recheck when to reconcile again without any change in the cluster (a refurbishment ending)
     */
    public record Decision(VehicleStatus status, Optional<Duration> recheck) {
    }
}
