package io.rocketexpress.gateway.launch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.rocketexpress.gateway.booking.Booking;
import io.rocketexpress.gateway.booking.BookingStatus;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.gateway.flight.Units;
import io.rocketexpress.gateway.ledger.FlightTimeline;
import io.rocketexpress.gateway.ledger.Parcel;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Seals each flight's manifest once its sales cutoff has passed. Of all replicas looking at a flight, one
 * claims it in the database (a row-locked conditional update) and the others pass by. The claimant patches
 * the Launch's {@code spec.manifest} outside any transaction (the manifest is derived from what is booked,
 * which no longer changes after the cutoff, so a repeated patch writes the same), then marks the flight
 * sealed and records MANIFESTED for every parcel in one transaction. If the patch fails after its retries,
 * nothing is recorded and the next round tries again, while the flight, past its cutoff, takes no new
 * bookings and no cancellations.
 */
@ApplicationScoped
public class ManifestSealer {

    private static final Logger LOG = Logger.getLogger(ManifestSealer.class);
    private static final List<LaunchPhase> UNFLOWN = List.of(LaunchPhase.Pending, LaunchPhase.Scheduled);

    private final ScheduleWatch watch;
    private final LaunchManifests manifests;
    private final FlightTimeline timeline;
    private final Regions regions;
    private final GatewayConfig.Cluster settings;
    private final Clock clock;

    ManifestSealer(ScheduleWatch watch, LaunchManifests manifests, FlightTimeline timeline, Regions regions,
                   GatewayConfig config, Clock clock) {
        this.settings = config.gateway().cluster();
        this.watch = watch;
        this.manifests = manifests;
        this.timeline = timeline;
        this.regions = regions;
        this.clock = clock;
    }

    @Scheduled(every = "${rocketexpress.gateway.cluster.sealing-interval:PT2S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> round() {
        return sealDue().replaceWithVoid();
    }

    /** @return how many manifests this call sealed */
    public Uni<Integer> sealDue() {
        return Panache.withSession(() -> Flight.<Flight>list("sealed = false and cutoffAt <= ?1 and phase in ?2",
                        clock.instant(), UNFLOWN))
                .flatMap(due -> due.isEmpty() ? Uni.createFrom().item(List.<Boolean>of())
                        : Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(flight -> watch.launch(flight.id)
                                .map(launch -> seal(flight.id, launch))
                                // Not (or no longer) in the cluster: nothing to seal; its deletion is taken in.
                                .orElseGet(() -> Uni.createFrom().item(false)))
                        .collect().asList())
                .map(sealed -> (int) sealed.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> seal(String flightId, Launch launch) {
        String claim = UUID.randomUUID().toString();
        return claim(flightId, claim)
                .flatMap(claimed -> !claimed ? Uni.createFrom().item(false)
                        : Panache.withSession(() -> manifestOf(flightId))
                        .flatMap(manifest -> patch(launch, manifest))
                        .flatMap(manifest -> Panache.withTransaction(() -> Flight.update(
                                        "sealed = true, manifestId = ?1, sealedAt = ?2, sealingClaim = null,"
                                                + " sealingUntil = null where id = ?3 and sealingClaim = ?4",
                                        manifest.getId(), clock.instant(), flightId, claim)
                                .flatMap(updated -> updated == 0
                                        // Our claim lapsed and another replica took over: it records the parcels.
                                        ? Uni.createFrom().item(false)
                                        : timeline.record(flightId, TrackingStatus.MANIFESTED, clock.instant(),
                                                regions.local(), "on manifest " + manifest.getId() + " of launch " + flightId)
                                        .invoke(parcels -> LOG.infof("sealed manifest %s of launch %s: %d parcels, %.3f kg, %.6f m³",
                                                manifest.getId(), flightId, manifest.getParcels(), manifest.getMassKg(),
                                                manifest.getVolumeM3()))
                                        .replaceWith(true)))))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("manifest of flight %s not sealed yet, trying again next round: %s", flightId,
                            failure.getMessage());
                    return false;
                });
    }

    /**
     * Claims the sealing of the flight for a while. The row lock makes replicas take turns, and the first to
     * get it writes its claim: the others find it held (or the flight sealed) and pass by. A claim outlives a
     * replica that dies while sealing only until it lapses.
     */
    private Uni<Boolean> claim(String flightId, String claim) {
        Instant now = clock.instant();
        Duration hold = settings.callTimeout().multipliedBy(settings.callRetries() + 2L);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "UPDATE flight SET sealing_claim = ?1, sealing_until = ?2 WHERE id = ?3 AND NOT sealed"
                                + " AND (sealing_until IS NULL OR sealing_until < ?4)")
                .setParameter(1, claim).setParameter(2, now.plus(hold)).setParameter(3, flightId).setParameter(4, now)
                .executeUpdate()))
                .map(updated -> updated == 1);
    }

    /** Patches the Launch on a worker thread (the Kubernetes client blocks), then comes back to this context. */
    private Uni<Manifest> patch(Launch launch, Manifest manifest) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> {
                    manifests.seal(launch.getMetadata().getNamespace(), launch.getMetadata().getName(), manifest);
                    return manifest;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** The manifest of what is booked on the flight; its id is derived from its content, so a resealing repeats it. */
    private Uni<Manifest> manifestOf(String flightId) {
        return Booking.<Booking>list("flightId = ?1 and status = ?2", flightId, BookingStatus.CONFIRMED)
                .flatMap(bookings -> {
                    List<UUID> ids = bookings.stream().map(b -> b.id).toList();
                    Uni<List<Parcel>> parcels = ids.isEmpty() ? Uni.createFrom().item(List.of())
                            : Parcel.list("bookingId in ?1 order by trackingNumber", ids);
                    return parcels.map(aboard -> {
                        Manifest manifest = new Manifest();
                        manifest.setSealed(true);
                        manifest.setId(id(flightId, aboard));
                        manifest.setParcels(aboard.size());
                        manifest.setMassKg(Units.kg(bookings.stream().mapToLong(b -> b.massGrams).sum()));
                        manifest.setVolumeM3(Units.m3(bookings.stream().mapToLong(b -> b.volumeCm3).sum()));
                        return manifest;
                    });
                });
    }

    private static String id(String flightId, List<Parcel> aboard) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(flightId.getBytes(StandardCharsets.UTF_8));
            aboard.forEach(parcel -> digest.update(("\n" + parcel.trackingNumber).getBytes(StandardCharsets.UTF_8)));
            return "mf-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
