package io.rocketexpress.gateway.flight;

import io.rocketexpress.model.launch.LaunchPhase;

import java.time.Instant;

/**
 * What the schedule says of one flight, as the cluster (or a test) feeds it to the gateway.
 *
 * @param id           the Launch's name
 * @param capacityKg   payload the flight's vehicle carries
 * @param capacityM3   cargo volume of the flight's vehicle
 */
public record FlightPlan(String id, String origin, String destination, Instant opensAt, Instant closesAt,
                         Instant cutoffAt, double capacityKg, double capacityM3, LaunchPhase phase) {
}
