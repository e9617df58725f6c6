package io.rocketexpress.gateway.launch;

import io.rocketexpress.gateway.flight.FlightPlan;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** How a Launch of the cluster reads as a flight on sale. */
final class LaunchFlights {

    private LaunchFlights() {
    }

    /**
     * The flight a Launch offers. Its room is its vehicle's: the one reserved, else the one named, else (a
     * vehicle yet to be picked) the standard XZY-1's; the operator only ever picks a vehicle the sealed
     * manifest fits.
     */
    static FlightPlan plan(Launch launch, Function<String, Optional<Vehicle>> vehicles) {
        VehicleSpec capacity = vehicle(launch).flatMap(vehicles).map(Vehicle::getSpec).orElseGet(VehicleSpec::new);
        Instant opens = launch.getSpec().getWindow().opens().toInstant();
        return new FlightPlan(launch.getMetadata().getName(), launch.getSpec().getOrigin(),
                launch.getSpec().getDestination(), opens, launch.getSpec().getWindow().closes().toInstant(),
                opens.minus(launch.getSpec().cutoffDuration()), capacity.getPayloadCapacityKg(),
                capacity.getCargoVolumeM3(), phase(launch));
    }

    static LaunchPhase phase(Launch launch) {
        return launch.getStatus() == null || launch.getStatus().getPhase() == null ? LaunchPhase.Pending
                : launch.getStatus().getPhase();
    }

    /** The vehicle the launch flies, or is to fly. */
    static Optional<String> vehicle(Launch launch) {
        if (launch.getStatus() != null && launch.getStatus().getVehicle() != null) {
            return Optional.of(launch.getStatus().getVehicle());
        }
        String named = launch.getSpec().getVehicle();
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(named);
    }
}
