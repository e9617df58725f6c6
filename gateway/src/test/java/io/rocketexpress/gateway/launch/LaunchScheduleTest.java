package io.rocketexpress.gateway.launch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Db;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.flight.Flight;
import io.rocketexpress.model.common.JobReference;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.rocketexpress.model.launch.Manifest;
import io.rocketexpress.model.vehicle.Vehicle;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The schedule as the cluster publishes it, sold, sealed and tracked by the gateway. */
@QuarkusTest
class LaunchScheduleTest {

    @Inject
    LaunchProgress progress;

    private final Instant inTwoHours = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    private String key;

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    @Test
    void launchesAreSoldWithTheirVehiclesRoomAndFollowTheirChanges() {
        String vehicle = Schedule.vehicle(Schedule.name("veh"), 800, 9);
        String launch = Schedule.name("lnch");
        Schedule.launch(launch, vehicle, "outpost-n", inTwoHours, "PT30M");

        awaitFlight("outpost-n", launch, "capacityKg", 800.0f);
        given().auth().oauth2(key).queryParam("destination", "outpost-n").get("/v1/flights").then()
                .body("find { it.id == '" + launch + "' }.capacityM3", equalTo(9.0f))
                .body("find { it.id == '" + launch + "' }.cutoffAt", equalTo(inTwoHours.minus(Duration.ofMinutes(30)).toString()))
                .body("find { it.id == '" + launch + "' }.onSale", equalTo(true));

        Instant later = inTwoHours.plus(Duration.ofHours(1));
        Schedule.cluster().resources(Launch.class).withName(launch).edit(l -> {
            l.getSpec().getWindow().setOpensAt(later.toString());
            l.getSpec().getWindow().setClosesAt(later.plus(Duration.ofMinutes(30)).toString());
            return l;
        });
        awaitFlight("outpost-n", launch, "opensAt", later.toString());

        Schedule.cluster().resources(Vehicle.class).withName(vehicle).edit(v -> {
            v.getSpec().setPayloadCapacityKg(900.0);
            return v;
        });
        awaitFlight("outpost-n", launch, "capacityKg", 900.0f);

        Schedule.status(launch, status -> status.setPhase(LaunchPhase.Scrubbed));
        awaitFlight("outpost-n", launch, "phase", "Scrubbed");
        given().auth().oauth2(key).queryParam("destination", "outpost-n").get("/v1/flights").then()
                .body("find { it.id == '" + launch + "' }.onSale", equalTo(false));
    }

    @Test
    void waitlistedBookingIsPlacedWhenALaunchWithRoomAppears() {
        ExtractableResponse<Response> waiting = Bookings.book(key, "outpost-o", 2, 10);
        assertThat(waiting.<String>path("status")).isEqualTo("WAITLISTED");

        String launch = Schedule.name("lnch");
        Schedule.launch(launch, Schedule.vehicle(Schedule.name("veh"), 500, 5), "outpost-o", inTwoHours, "PT30M");

        String id = waiting.path("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(key).get("/v1/bookings/" + id)
                .then().body("status", equalTo("CONFIRMED")).body("flight.id", equalTo(launch)));
        assertThat(Bookings.timeline(key, waiting.path("parcels[0].trackingNumber"))).containsExactly("WAITLISTED", "BOOKED");
    }

    @Test
    void manifestIsSealedAtCutoffAndEveryPhaseBecomesOneEventPerParcel() {
        String vehicle = Schedule.vehicle(Schedule.name("veh"), 1000, 10);
        String launch = Schedule.name("lnch");
        Schedule.launch(launch, vehicle, "outpost-q", Instant.now().plusSeconds(8), "PT5S");
        awaitFlight("outpost-q", launch, "onSale", true);
        ExtractableResponse<Response> first = Bookings.book(key, "outpost-q", 2, 12.5);
        ExtractableResponse<Response> second = Bookings.book(key, "outpost-q", 1, 20);
        assertThat(List.of(first.<String>path("flight.id"), second.<String>path("flight.id"))).containsOnly(launch);
        List<String> parcels = new ArrayList<>(first.<List<String>>path("parcels.trackingNumber"));
        parcels.addAll(second.path("parcels.trackingNumber"));

        Manifest manifest = await().atMost(Duration.ofSeconds(15)).until(() -> Schedule.get(launch).getSpec().getManifest(),
                m -> m != null && m.sealed());
        assertThat(manifest.getParcels()).isEqualTo(3);
        assertThat(manifest.getMassKg()).isEqualTo(45.0);
        assertThat(manifest.getVolumeM3()).isCloseTo(3 * 0.072, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(manifest.getId()).startsWith("mf-");
        Launch patched = Schedule.get(launch);
        assertThat(patched.getSpec().getVehicle()).isEqualTo(vehicle);
        assertThat(patched.getSpec().getCutoff()).isEqualTo("PT5S");
        awaitTimelines(parcels, "BOOKED", "MANIFESTED");
        given().auth().oauth2(key).contentType("application/json").post("/v1/bookings/" + first.path("id") + "/cancel")
                .then().statusCode(409);

        Schedule.status(launch, status -> {
            status.setPhase(LaunchPhase.Launching);
            status.setVehicle(vehicle);
            status.setControllerJob(new JobReference("hangzhou", "test", launch + "-flight"));
        });
        awaitTimelines(parcels, "BOOKED", "MANIFESTED", "LOADED");
        Schedule.status(launch, status -> {
            status.setPhase(LaunchPhase.InFlight);
            status.setLiftoffAt("2026-12-01T08:00:05Z");
        });
        awaitTimelines(parcels, "BOOKED", "MANIFESTED", "LOADED", "LAUNCHED");
        // Landing and recovery seen together, as by a gateway that was away meanwhile.
        Schedule.status(launch, status -> {
            status.setPhase(LaunchPhase.Completed);
            status.setLandedAt("2026-12-01T08:25:00Z");
            status.setRecoveredAt("2026-12-01T09:10:00Z");
        });
        awaitTimelines(parcels, "BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED", "RECOVERED");
        List<Map<String, String>> events = given().auth().oauth2(key).get("/v1/tracking/" + parcels.get(0))
                .then().extract().path("events");
        assertThat(events.get(3)).containsEntry("at", "2026-12-01T08:00:05Z").containsEntry("region", "hangzhou");
        assertThat(events.get(4)).containsEntry("at", "2026-12-01T08:25:00Z").containsEntry("region", "outpost-q");

        // Other replicas taking in the same launch at once add nothing.
        Db.read(() -> Panache.withTransaction(() -> Flight.update("timelinePhase = null where id = ?1", launch)));
        Launch completed = Schedule.get(launch);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> replicas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replicas.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                    VertxContextSupport.subscribeAndAwait(() -> progress.follow(completed, noVehicles()));
                } catch (Throwable e) {
                    throw new AssertionError(e);
                }
            }));
        }
        start.countDown();
        CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).join();
        awaitTimelines(parcels, "BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LANDED", "RECOVERED");
    }

    @Test
    void scrubbedLaunchRebooksItsParcelsOntoTheNextFlightWithRoomOrWaitlistsThem() {
        String scrubbed = Schedule.name("lnch");
        String next = Schedule.name("lnch");
        Schedule.launch(scrubbed, Schedule.vehicle(Schedule.name("veh"), 1000, 10), "outpost-p", inTwoHours, "PT30M");
        Schedule.launch(next, Schedule.vehicle(Schedule.name("veh"), 100, 10), "outpost-p", inTwoHours.plusSeconds(3600), "PT30M");
        awaitFlight("outpost-p", scrubbed, "capacityKg", 1000.0f);
        awaitFlight("outpost-p", next, "capacityKg", 100.0f);
        ExtractableResponse<Response> fits = Bookings.book(key, "outpost-p", 1, 60);
        ExtractableResponse<Response> waits = Bookings.book(key, "outpost-p", 1, 60);
        assertThat(List.of(fits.<String>path("flight.id"), waits.<String>path("flight.id"))).containsOnly(scrubbed);

        Schedule.status(scrubbed, status -> {
            status.setPhase(LaunchPhase.Scrubbed);
            status.setMessage("scrubbed by the platform team (spec.scrub)");
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            given().auth().oauth2(key).get("/v1/bookings/" + fits.path("id"))
                    .then().body("status", equalTo("CONFIRMED")).body("flight.id", equalTo(next));
            given().auth().oauth2(key).get("/v1/bookings/" + waits.path("id"))
                    .then().body("status", equalTo("WAITLISTED"));
        });
        assertThat(Bookings.timeline(key, fits.path("parcels[0].trackingNumber"))).containsExactly("BOOKED", "REBOOKED");
        assertThat(Bookings.timeline(key, waits.path("parcels[0].trackingNumber")))
                .containsExactly("BOOKED", "REBOOKED", "WAITLISTED");
        String detail = given().auth().oauth2(key).get("/v1/tracking/" + fits.path("parcels[0].trackingNumber"))
                .then().extract().path("events[1].detail");
        assertThat(detail).contains(scrubbed, "scrubbed by the platform team", "rebooked onto flight " + next);
    }

    @Test
    void failedMissionLosesItsParcels() {
        String vehicle = Schedule.vehicle(Schedule.name("veh"), 1000, 10);
        String launch = Schedule.name("lnch");
        Schedule.launch(launch, vehicle, "outpost-r", Instant.now().plusSeconds(8), "PT5S");
        awaitFlight("outpost-r", launch, "onSale", true);
        List<String> parcels = Bookings.book(key, "outpost-r", 2, 5).path("parcels.trackingNumber");
        awaitTimelines(parcels, "BOOKED", "MANIFESTED");

        Schedule.status(launch, status -> {
            status.setPhase(LaunchPhase.Failed);
            status.setVehicle(vehicle);
            status.setControllerJob(new JobReference("hangzhou", "test", launch + "-flight"));
            status.setLiftoffAt("2026-12-01T08:00:05Z");
            status.setMessage("the vehicle-controller Job failed; vehicle grounded");
        });

        awaitTimelines(parcels, "BOOKED", "MANIFESTED", "LOADED", "LAUNCHED", "LOST");
        String detail = given().auth().oauth2(key).get("/v1/tracking/" + parcels.get(0))
                .then().extract().path("events[4].detail");
        assertThat(detail).contains(launch, "vehicle-controller Job failed");
    }

    private void awaitFlight(String destination, String id, String field, Object value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(key)
                .queryParam("destination", destination).get("/v1/flights")
                .then().body("find { it.id == '" + id + "' }." + field, equalTo(value)));
    }

    private void awaitTimelines(List<String> parcels, String... statuses) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(parcels.stream()
                .collect(Collectors.toMap(Function.identity(), parcel -> Bookings.timeline(key, parcel))))
                .allSatisfy((parcel, timeline) -> assertThat(timeline).containsExactly(statuses)));
    }

    private static Function<String, java.util.Optional<Vehicle>> noVehicles() {
        return name -> java.util.Optional.empty();
    }
}
