package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchSpec;
import io.rocketexpress.model.launch.LaunchWindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Publishes launches as a platform team would: a Launch in the origin region's cluster per route and window.
 * Run rolling, it keeps every route's next launches published a while ahead, windows opening at a fixed
 * interval and staggered between routes so that something is always about to fly.
 */
final class Timetable implements AutoCloseable {

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    /** How a sandbox launch is shaped. */
    record Shape(Duration cutoff, Duration window) {
    }

    private record Route(Region origin, Region destination) {
    }

    private final Function<Region, KubernetesClient> clusters;
    private final String namespace;
    private final Shape shape;
    private final Clock clock;
    private ScheduledExecutorService rolling;

    Timetable(Function<Region, KubernetesClient> clusters, String namespace, Shape shape, Clock clock) {
        this.clusters = clusters;
        this.namespace = namespace;
        this.shape = shape;
        this.clock = clock;
    }

    /** Publishes one launch; its name is the route's codes and the window's opening time, e.g. hgh-dxb-083000. */
    Launch publish(Region origin, Region destination, Instant opensAt) {
        return publish(origin, destination, opensAt, shape.cutoff());
    }

    /** Publishes one launch whose sales close {@code cutoff} before its window opens. */
    Launch publish(Region origin, Region destination, Instant opensAt, Duration cutoff) {
        Instant opens = opensAt.truncatedTo(ChronoUnit.SECONDS);
        LaunchSpec spec = new LaunchSpec();
        spec.setOrigin(origin.name());
        spec.setDestination(destination.name());
        spec.setWindow(new LaunchWindow(opens.toString(), opens.plus(shape.window()).toString()));
        spec.setCutoff(cutoff.toString());
        Launch launch = new Launch();
        launch.setMetadata(new ObjectMetaBuilder()
                .withName(origin.code().toLowerCase() + "-" + destination.code().toLowerCase() + "-" + NAME_TIME.format(opens))
                .withNamespace(namespace)
                .withLabels(Map.of(RocketExpress.ORIGIN_LABEL, origin.name()))
                .build());
        launch.setSpec(spec);
        return clusters.apply(origin).resource(launch).inNamespace(namespace).create();
    }

    /**
     * Keeps publishing: on every route, windows open every {@code every}, the first {@code firstIn} from now
     * (later routes staggered after it), each published once it opens within {@code ahead}.
     */
    void roll(List<Region> regions, Duration every, Duration firstIn, Duration ahead) {
        List<Route> routes = new ArrayList<>();
        for (Region origin : regions) {
            for (Region destination : regions) {
                if (origin != destination) {
                    routes.add(new Route(origin, destination));
                }
            }
        }
        Map<Route, Instant> next = new LinkedHashMap<>();
        Instant first = clock.instant().plus(firstIn);
        Duration stagger = every.dividedBy(routes.size());
        for (int i = 0; i < routes.size(); i++) {
            next.put(routes.get(i), first.plus(stagger.multipliedBy(i)));
        }
        rolling = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "timetable");
            thread.setDaemon(true);
            return thread;
        });
        rolling.scheduleWithFixedDelay(() -> next.replaceAll((route, opensAt) -> {
            Instant opening = opensAt;
            while (opening.isBefore(clock.instant().plus(ahead))) {
                try {
                    publish(route.origin(), route.destination(), opening);
                } catch (RuntimeException e) {
                    System.err.println("timetable: could not publish a launch " + route.origin().name() + " → "
                            + route.destination().name() + " at " + opening + ": " + e.getMessage());
                }
                opening = opening.plus(every);
            }
            return opening;
        }), 0, 5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (rolling != null) {
            rolling.shutdownNow();
        }
    }
}
