package io.rocketexpress.gateway;

import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.flight.FlightPlan;
import io.rocketexpress.model.launch.LaunchPhase;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Feeds flights to the gateway as the cluster would, with routes no other test uses. */
public final class Flights {

    private Flights() {
    }

    /** A unique flight id for a test. */
    public static String id(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Offers a flight opening at {@code opensAt}, sales closing {@code cutoffBefore} earlier. */
    public static void offer(FlightSales sales, String id, String origin, String destination, Instant opensAt, Duration cutoffBefore,
                             double capacityKg, double capacityM3) {
        FlightPlan plan = new FlightPlan(id, origin, destination, opensAt, opensAt.plus(Duration.ofMinutes(30)),
                opensAt.minus(cutoffBefore), capacityKg, capacityM3, LaunchPhase.Scheduled);
        try {
            VertxContextSupport.subscribeAndAwait(() -> sales.offer(plan));
        } catch (Throwable e) {
            throw new AssertionError("could not offer flight " + id, e);
        }
    }
}
