package io.rocketexpress.sandbox;

import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.model.launch.Launch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TimetableTest {

    private final Map<Region, LocalCluster> clusters = Region.ALL.stream()
            .collect(Collectors.toMap(region -> region, region -> new LocalCluster()));
    private final Timetable timetable = new Timetable(region -> clusters.get(region).client(), Sandbox.NAMESPACE,
            new Timetable.Shape(Duration.ofMinutes(1), Duration.ofMinutes(10)), Clock.systemUTC());

    @AfterEach
    void stop() {
        timetable.close();
        clusters.values().forEach(LocalCluster::close);
    }

    @Test
    void rollingTimetablePublishesEveryRoutesNextWindowsStaggeredInItsOriginsCluster() {
        Instant started = Instant.now();
        timetable.roll(Region.ALL, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(175));

        await().untilAsserted(() -> assertThat(launches()).hasSize(12));
        List<Launch> launches = launches();
        assertThat(launches).extracting(launch -> launch.getMetadata().getName()).doesNotHaveDuplicates();
        Map<String, List<Launch>> byRoute = launches.stream().collect(Collectors.groupingBy(
                launch -> launch.getSpec().getOrigin() + ">" + launch.getSpec().getDestination()));
        assertThat(byRoute).hasSize(6).allSatisfy((route, onRoute) -> {
            assertThat(onRoute).hasSize(2);
            List<Instant> opens = onRoute.stream().map(launch -> Instant.parse(launch.getSpec().getWindow().getOpensAt()))
                    .sorted().toList();
            assertThat(Duration.between(opens.get(0), opens.get(1))).isEqualTo(Duration.ofMinutes(1));
            assertThat(opens.get(0)).isBetween(started.plusSeconds(59), started.plusSeconds(60 + 50 + 5));
        });
        assertThat(launches).allSatisfy(launch -> {
            assertThat(launch.getSpec().getCutoff()).isEqualTo("PT1M");
            assertThat(Duration.between(Instant.parse(launch.getSpec().getWindow().getOpensAt()),
                    Instant.parse(launch.getSpec().getWindow().getClosesAt()))).isEqualTo(Duration.ofMinutes(10));
        });
        List<Instant> firsts = byRoute.values().stream().map(onRoute -> onRoute.stream()
                .map(launch -> Instant.parse(launch.getSpec().getWindow().getOpensAt())).min(Instant::compareTo).orElseThrow())
                .sorted().toList();
        assertThat(firsts).doesNotHaveDuplicates();
    }

    @Test
    void launchLivesInItsOriginsClusterNamedByRouteAndTime() {
        Launch published = timetable.publish(Region.DUBAI, Region.LIEGE, Instant.parse("2026-12-01T08:30:15.250Z"));

        assertThat(published.getMetadata().getName()).isEqualTo("dxb-lgg-083015");
        assertThat(clusters.get(Region.DUBAI).client().resources(Launch.class).inNamespace(Sandbox.NAMESPACE)
                .withName("dxb-lgg-083015").get().getSpec().getWindow().getOpensAt()).isEqualTo("2026-12-01T08:30:15Z");
        assertThat(clusters.get(Region.LIEGE).client().resources(Launch.class).inNamespace(Sandbox.NAMESPACE).list()
                .getItems()).isEmpty();
    }

    private List<Launch> launches() {
        return clusters.values().stream().flatMap(cluster -> cluster.client().resources(Launch.class)
                .inNamespace(Sandbox.NAMESPACE).list().getItems().stream()).toList();
    }
}
