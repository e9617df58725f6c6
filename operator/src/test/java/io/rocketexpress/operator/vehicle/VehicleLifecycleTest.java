package io.rocketexpress.operator.vehicle;

import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.common.Condition;
import io.rocketexpress.model.vehicle.Arrival;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

class VehicleLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void newVehicleIsAvailableAtItsHomeRegionWithNoFlights() {
        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle(null), NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Available);
        assertThat(decision.status().getRegion()).isEqualTo("dubai");
        assertThat(decision.status().getFlights()).isZero();
        assertThat(decision.status().getObservedGeneration()).isEqualTo(4L);
        assertThat(ready(decision)).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("True", "Available");
        assertThat(decision.recheck()).isEmpty();
    }

    @Test
    void vehicleFlownInFromAnotherClusterStartsAsItArrivedNotAsANewOne() {
        Vehicle vehicle = vehicle(null);
        vehicle.getMetadata().getAnnotations().put(Arrival.ANNOTATION,
                new Arrival("hangzhou-ops/hgh-dxb-0800", "hangzhou", "dubai", 7, "2026-12-02T02:00:00Z").toJson());

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Refurbishing);
        assertThat(decision.status().getRegion()).isEqualTo("dubai");
        assertThat(decision.status().getFlights()).isEqualTo(7);
        assertThat(decision.status().getLaunch()).isEqualTo("hgh-dxb-0800");
        assertThat(decision.recheck()).contains(Duration.ofHours(18).plusMillis(1));
    }

    @Test
    void arrivalRecordIsIgnoredOnceTheVehicleHasAStatus() {
        Vehicle vehicle = vehicle(VehiclePhase.Available);
        vehicle.getMetadata().getAnnotations().put(Arrival.ANNOTATION,
                new Arrival("hangzhou-ops/hgh-dxb-0800", "hangzhou", "dubai", 7, "2026-12-02T02:00:00Z").toJson());

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Available);
        assertThat(decision.status().getFlights()).isEqualTo(2);
    }

    @Test
    void unreadableArrivalRecordHoldsTheVehicleGroundedWithAReasonUntilFixedOrRemoved() {
        Vehicle vehicle = vehicle(null);
        vehicle.getMetadata().getAnnotations().put(Arrival.ANNOTATION, "{not json");

        VehicleLifecycle.Decision first = VehicleLifecycle.decide(vehicle, NOW);
        assertThat(first.status().getPhase()).isEqualTo(VehiclePhase.Grounded);
        assertThat(ready(first)).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("False", VehicleLifecycle.MALFORMED_ARRIVAL);
        assertThat(ready(first).getMessage()).contains(Arrival.ANNOTATION);

        // Decided again on what it wrote: held, not a fresh vehicle.
        vehicle.setStatus(first.status());
        VehicleLifecycle.Decision again = VehicleLifecycle.decide(vehicle, NOW.plusSeconds(60));
        assertThat(again.status().getPhase()).isEqualTo(VehiclePhase.Grounded);
        assertThat(ready(again).getReason()).isEqualTo(VehicleLifecycle.MALFORMED_ARRIVAL);
        assertThat(ready(again).getLastTransitionTime()).isEqualTo(ready(first).getLastTransitionTime());

        // Fixed: it starts as it arrived.
        vehicle.getMetadata().getAnnotations().put(Arrival.ANNOTATION,
                new Arrival("hangzhou-ops/hgh-dxb-0800", "hangzhou", "dubai", 7, "2026-12-02T02:00:00Z").toJson());
        VehicleLifecycle.Decision fixed = VehicleLifecycle.decide(vehicle, NOW);
        assertThat(fixed.status().getPhase()).isEqualTo(VehiclePhase.Refurbishing);
        assertThat(fixed.status().getFlights()).isEqualTo(7);

        // Removed instead: a new vehicle.
        vehicle.getMetadata().getAnnotations().remove(Arrival.ANNOTATION);
        assertThat(VehicleLifecycle.decide(vehicle, NOW).status().getPhase()).isEqualTo(VehiclePhase.Available);
    }

    @Test
    void refurbishingVehicleIsLookedAtAgainWhenItsTurnaroundEnds() {
        Vehicle vehicle = vehicle(VehiclePhase.Refurbishing);
        vehicle.getStatus().setAvailableAt("2026-12-01T09:30:00Z");

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Refurbishing);
        assertThat(ready(decision).getStatus()).isEqualTo("False");
        assertThat(decision.recheck()).contains(Duration.ofMinutes(90).plusMillis(1));
    }

    @Test
    void refurbishmentEndingWithinAMillisecondIsStillLookedAtAgain() {
        Vehicle vehicle = vehicle(VehiclePhase.Refurbishing);
        vehicle.getStatus().setAvailableAt("2026-12-01T08:00:00.000400Z");

        assertThat(VehicleLifecycle.decide(vehicle, NOW).recheck()).hasValueSatisfying(wait ->
                assertThat(wait.toMillis()).isPositive());
    }

    @Test
    void refurbishingVehicleIsAvailableOnceItsTurnaroundEnded() {
        Vehicle vehicle = vehicle(VehiclePhase.Refurbishing);
        vehicle.getStatus().setAvailableAt("2026-12-01T08:00:00Z");

        assertThat(VehicleLifecycle.decide(vehicle, NOW).status().getPhase()).isEqualTo(VehiclePhase.Available);
    }

    @Test
    void groundedSpecGroundsAnAvailableOrReservedVehicle() {
        for (VehiclePhase phase : new VehiclePhase[] {VehiclePhase.Available, VehiclePhase.Reserved}) {
            Vehicle vehicle = vehicle(phase);
            vehicle.getSpec().setGrounded(true);

            VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

            assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Grounded);
            assertThat(ready(decision)).extracting(Condition::getStatus, Condition::getReason)
                    .containsExactly("False", "Cordoned");
        }
    }

    @Test
    void vehicleInTheAirIsNotGroundedUntilRecovered() {
        Vehicle vehicle = vehicle(VehiclePhase.InFlight);
        vehicle.getStatus().setLaunch("dxb-lgg-1000");
        vehicle.getSpec().setGrounded(true);

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.InFlight);
        assertThat(ready(decision).getMessage()).contains("dxb-lgg-1000", "once it is recovered");
    }

    @Test
    void liftedGroundingReturnsARefurbishingVehicleToRefurbishing() {
        Vehicle vehicle = vehicle(VehiclePhase.Grounded);
        vehicle.getStatus().setAvailableAt("2026-12-01T10:00:00Z");

        assertThat(VehicleLifecycle.decide(vehicle, NOW).status().getPhase()).isEqualTo(VehiclePhase.Refurbishing);
    }

    @Test
    void missionFailureGroundsEvenWhenTheSpecDoesNot() {
        Vehicle vehicle = vehicle(VehiclePhase.Refurbishing);
        vehicle.getMetadata().getAnnotations().put(RocketExpress.MISSION_FAILURE_ANNOTATION, "dxb-kul-1200");

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Grounded);
        assertThat(ready(decision).getReason()).isEqualTo("MissionFailure");
        assertThat(ready(decision).getMessage()).contains("dxb-kul-1200");
    }

    @Test
    void vehicleThatFlewItsMaximumRetires() {
        Vehicle vehicle = vehicle(VehiclePhase.Available);
        vehicle.getStatus().setFlights(20);

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Retired);
        assertThat(ready(decision).getReason()).isEqualTo("MaxFlightsReached");
    }

    @Test
    void reservationIsTheLaunchesToRelease() {
        Vehicle vehicle = vehicle(VehiclePhase.Reserved);
        vehicle.getStatus().setLaunch("dxb-hgh-0700");

        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, NOW);

        assertThat(decision.status().getPhase()).isEqualTo(VehiclePhase.Reserved);
        assertThat(ready(decision)).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("False", "Reserved");
    }

    @Test
    void transitionTimeStaysWhileTheReadinessDoesNotChange() {
        Vehicle vehicle = vehicle(null);
        VehicleStatus first = VehicleLifecycle.decide(vehicle, NOW).status();
        vehicle.setStatus(first);

        VehicleStatus second = VehicleLifecycle.decide(vehicle, NOW.plusSeconds(600)).status();

        assertThat(second.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-12-01T08:00:00Z");
        vehicle.getSpec().setGrounded(true);
        VehicleStatus third = VehicleLifecycle.decide(vehicle, NOW.plusSeconds(900)).status();
        assertThat(third.getConditions().get(0).getLastTransitionTime()).isEqualTo("2026-12-01T08:15:00Z");
    }

    @Test
    void decidingDoesNotTouchTheObservedStatus() {
        Vehicle vehicle = vehicle(VehiclePhase.Available);
        vehicle.getSpec().setGrounded(true);

        VehicleLifecycle.decide(vehicle, NOW);

        assertThat(vehicle.getStatus().getPhase()).isEqualTo(VehiclePhase.Available);
    }

    private static Vehicle vehicle(VehiclePhase phase) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName("xzy-1-007");
        vehicle.getMetadata().setGeneration(4L);
        vehicle.getMetadata().setAnnotations(new HashMap<>());
        vehicle.getSpec().setHomeRegion("dubai");
        if (phase != null) {
            VehicleStatus status = new VehicleStatus();
            status.setPhase(phase);
            status.setRegion("dubai");
            status.setFlights(2);
            vehicle.setStatus(status);
        }
        return vehicle;
    }

    private static Condition ready(VehicleLifecycle.Decision decision) {
        return decision.status().getConditions().stream()
                .filter(c -> Vehicle.READY.equals(c.getType())).findFirst().orElseThrow();
    }
}
