package io.rocketexpress.gateway.launch;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.InProcessCluster;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.model.launch.Manifest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Sealing driven by hand (the periodic sealer is off here), to race replicas and to break the API server. */
@QuarkusTest
@TestProfile(ManifestSealerTest.SealingByHand.class)
class ManifestSealerTest {

    // Relative to the management interface's root, /q.
    @io.quarkus.test.common.http.TestHTTPResource(value = "health/ready", management = true)
    java.net.URL ready;

    @Inject
    ManifestSealer sealer;

    private String key;

    @BeforeEach
    void partner() {
        key = Partners.newPartnerKey();
    }

    @Test
    void twoSealersAtOnceSealAFlightOnce() {
        String launch = flightPastCutoffWithParcels("outpost-s", 3);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> sealers = List.of(sealAfter(start), sealAfter(start));
        start.countDown();

        assertThat(sealers.stream().mapToInt(CompletableFuture::join).sum()).isEqualTo(1);
        Manifest manifest = Schedule.get(launch).getSpec().getManifest();
        assertThat(manifest.sealed()).isTrue();
        assertThat(manifest.getParcels()).isEqualTo(3);
        assertThat(seal()).isZero();
    }

    @Test
    void aFailedPatchIsRetriedLaterAndNothingIsManifestedMeanwhile() {
        String launch = flightPastCutoffWithParcels("outpost-t", 2);
        List<String> parcels = given().auth().oauth2(key).get("/v1/bookings").then().extract()
                .path("items.find { it.flight.id == '" + launch + "' }.parcels.trackingNumber");

        InProcessCluster.cluster().stop();
        try {
            assertThat(seal()).isZero();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(ready)
                    .then().statusCode(503).body("checks.find { it.name == 'schedule' }.status", equalTo("DOWN")));
            assertThat(parcels).allSatisfy(parcel -> assertThat(Bookings.timeline(key, parcel)).containsExactly("BOOKED"));
            assertThat(Bookings.book(key, "outpost-t", 1, 1).<String>path("status"))
                    .as("sales closed at the cutoff, sealed or not").isEqualTo("WAITLISTED");
        } finally {
            InProcessCluster.cluster().restart();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get(ready).then().statusCode(200));
        // Once the circuit breaker lets calls through again.
        await().atMost(Duration.ofSeconds(30)).until(() -> seal() == 1);
        assertThat(Schedule.get(launch).getSpec().getManifest().getParcels()).isEqualTo(2);
        assertThat(parcels).allSatisfy(parcel ->
                assertThat(Bookings.timeline(key, parcel)).containsExactly("BOOKED", "MANIFESTED"));

        // The watch resumed: a launch published after the outage is on sale.
        String later = Schedule.name("lnch");
        Schedule.launch(later, Schedule.vehicle(Schedule.name("veh"), 300, 3), "outpost-t",
                Instant.now().plus(Duration.ofHours(2)), "PT30M");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(key)
                .queryParam("destination", "outpost-t").get("/v1/flights")
                .then().body("find { it.id == '" + later + "' }.onSale", equalTo(true)));
    }

    /** A flight whose sales closed a moment ago with the given number of parcels booked on it. */
    private String flightPastCutoffWithParcels(String destination, int parcels) {
        String launch = Schedule.name("lnch");
        Instant opens = Instant.now().plusSeconds(6);
        Schedule.launch(launch, Schedule.vehicle(Schedule.name("veh"), 1000, 10), destination, opens, "PT4S");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(key)
                .queryParam("destination", destination).get("/v1/flights")
                .then().body("find { it.id == '" + launch + "' }.onSale", equalTo(true)));
        assertThat(Bookings.book(key, destination, parcels, 2).<String>path("flight.id")).isEqualTo(launch);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(opens.minusSeconds(4)));
        return launch;
    }

    private CompletableFuture<Integer> sealAfter(CountDownLatch start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return seal();
        });
    }

    private int seal() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sealer.sealDue());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    public static class SealingByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rocketexpress.gateway.cluster.sealing-interval", "off",
                    "rocketexpress.gateway.cluster.call-retries", "2",
                    "rocketexpress.gateway.cluster.call-timeout", "PT3S");
        }
    }
}
