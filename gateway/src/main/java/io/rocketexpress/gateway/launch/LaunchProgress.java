package io.rocketexpress.gateway.launch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.booking.FlightSales;
import io.rocketexpress.gateway.booking.Rebooking;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.FlightPlan;
import io.rocketexpress.gateway.ledger.FlightTimeline;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.LaunchStatus;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.rocketexpress.model.vehicle.Vehicle;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a Launch's state means for the parcels sold on it: the flight table follows its window, room and
 * phase, and each phase reached becomes tracking events for every parcel aboard (LOADED, LAUNCHED, LANDED,
 * RECOVERED; LOST when the mission failed). A scrubbed launch's bookings move to the next flight with room
 * or to the waitlist. A phase seen late, or straight after another (a gateway that was down), still gives
 * every intermediate event, in order.
 */
@ApplicationScoped
public class LaunchProgress {

    private static final Logger LOG = Logger.getLogger(LaunchProgress.class);

    private final FlightSales sales;
    private final FlightTimeline timeline;
    private final Rebooking rebooking;
    private final Regions regions;
    private final Clock clock;

    LaunchProgress(FlightSales sales, FlightTimeline timeline, Rebooking rebooking, Regions regions, Clock clock) {
        this.sales = sales;
        this.timeline = timeline;
        this.rebooking = rebooking;
        this.regions = regions;
        this.clock = clock;
    }

    /** Takes in the launch as it is now. */
    public Uni<Void> follow(Launch launch, Function<String, Optional<Vehicle>> vehicles) {
        if (!regions.local().equals(launch.getSpec().getOrigin())) {
            LOG.warnf("launch %s leaves from %s, not from this gateway's region %s; not sold here",
                    launch.getMetadata().getName(), launch.getSpec().getOrigin(), regions.local());
            return Uni.createFrom().voidItem();
        }
        FlightPlan plan = LaunchFlights.plan(launch, vehicles);
        return sales.offer(plan).flatMap(flight -> record(flight, launch, plan.phase()));
    }

    /**
     * Takes in a deleted launch: one that had not flown is as good as scrubbed for its parcels; one that
     * flew keeps its record.
     */
    public Uni<Void> deleted(Launch launch, Function<String, Optional<Vehicle>> vehicles) {
        LaunchPhase phase = LaunchFlights.phase(launch);
        if (phase.hasFlown() || phase.isTerminal()) {
            return follow(launch, vehicles);
        }
        Launch gone = new Launch();
        gone.setMetadata(launch.getMetadata());
        gone.setSpec(launch.getSpec());
        LaunchStatus status = new LaunchStatus();
        status.setPhase(LaunchPhase.Scrubbed);
        status.setMessage("the Launch was deleted from the cluster");
        gone.setStatus(status);
        return follow(gone, vehicles);
    }

    private Uni<Void> record(Flight flight, Launch launch, LaunchPhase phase) {
        if (phase == flight.timelinePhase) {
            return Uni.createFrom().voidItem();
        }
        Uni<?> recorded;
        if (phase == LaunchPhase.Scrubbed) {
            recorded = rebooking.rebook(flight.id, "launch " + flight.id + " was scrubbed"
                    + message(launch).map(m -> " (" + m + ")").orElse(""));
        } else {
            List<Step> steps = steps(launch, phase);
            if (steps.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            recorded = Panache.withTransaction(() -> Multi.createFrom().iterable(steps)
                    .onItem().transformToUniAndConcatenate(step -> timeline.record(flight.id, step.status(),
                            step.at(), step.region(), step.detail()))
                    .collect().asList());
        }
        return recorded.flatMap(done -> Panache.withTransaction(() -> Flight.update(
                        "timelinePhase = ?1 where id = ?2", phase, flight.id)))
                .replaceWithVoid();
    }

    /** The tracking steps a launch in this phase has been through, in order. */
    List<Step> steps(Launch launch, LaunchPhase phase) {
        LaunchStatus status = launch.getStatus();
        String origin = launch.getSpec().getOrigin();
        String destination = launch.getSpec().getDestination();
        String name = launch.getMetadata().getName();
        Instant now = clock.instant();
        List<Step> steps = new ArrayList<>();
        if (phase == LaunchPhase.Scrubbed) {
            return steps;
        }
        boolean failed = phase == LaunchPhase.Failed;
        boolean loaded = phase.implies(TrackingStatus.LOADED) || failed && status.getControllerJob() != null;
        boolean launched = phase.implies(TrackingStatus.LAUNCHED) || failed && status.getLiftoffAt() != null;
        boolean landed = phase.implies(TrackingStatus.LANDED) || failed && status.getLandedAt() != null;
        if (loaded) {
            steps.add(new Step(TrackingStatus.LOADED, now, origin, "loaded onto vehicle "
                    + Optional.ofNullable(status.getVehicle()).orElse("(unknown)") + " for launch " + name));
        }
        if (launched) {
            steps.add(new Step(TrackingStatus.LAUNCHED, time(status.getLiftoffAt(), now), origin,
                    "launch " + name + " lifted off from " + origin + " for " + destination));
        }
        if (landed) {
            steps.add(new Step(TrackingStatus.LANDED, time(status.getLandedAt(), now), destination,
                    "landed at sea off " + destination + "; barge recovery under way"));
        }
        if (phase.implies(TrackingStatus.RECOVERED)) {
            steps.add(new Step(TrackingStatus.RECOVERED, time(status.getRecoveredAt(), now), destination,
                    "unloaded at the " + destination + " hub; ready for the last mile"));
        }
        if (failed) {
            steps.add(new Step(TrackingStatus.LOST, now, landed ? destination : origin, "the mission of launch "
                    + name + " failed" + message(launch).map(m -> ": " + m).orElse("")));
        }
        return steps;
    }

    private static Optional<String> message(Launch launch) {
        return Optional.ofNullable(launch.getStatus()).map(LaunchStatus::getMessage).filter(m -> !m.isBlank());
    }

    private static Instant time(String rfc3339, Instant fallback) {
        try {
            return rfc3339 == null ? fallback : OffsetDateTime.parse(rfc3339).toInstant();
        } catch (RuntimeException unreadable) {
            return fallback;
        }
    }

    /** One event for every parcel aboard. */
    record Step(TrackingStatus status, Instant at, String region, String detail) {
    }
}
