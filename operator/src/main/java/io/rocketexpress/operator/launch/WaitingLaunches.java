package io.rocketexpress.operator.launch;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The launches waiting for a vehicle, filed by namespace and origin in the order their windows open, so that a
 * vehicle turning Available finds the first few it suits without looking at every waiting launch of its region
 * (thousands at network scale, for each of thousands of vehicles when a fleet comes up).
 * <p>
 * Each reconcile files its launch as it sees it; the informer's cache stays the truth: a launch is checked
 * against it when read, and one that no longer waits, or is gone, is taken out then.
 */
final class WaitingLaunches {

    private static final Comparator<Filed> ORDER = Comparator.comparing(Filed::opensAt).thenComparing(Filed::name);

    /** Where one launch is filed. */
    private record Filed(String place, Instant opensAt, String name, ResourceID id) {
    }

    private final Map<String, NavigableSet<Filed>> byPlace = new ConcurrentHashMap<>();
    private final Map<ResourceID, Filed> filed = new ConcurrentHashMap<>();

    /** Whether a launch waits for a vehicle: it has none yet. */
    static boolean waiting(Launch launch) {
        return (launch.getStatus() == null || launch.getStatus().getPhase() == null
                || launch.getStatus().getPhase() == LaunchPhase.Pending)
                && launch.getSpec().getOrigin() != null && launch.getSpec().getWindow() != null;
    }

    /** The place a vehicle at that region looks up: namespace and region. */
    static String place(String namespace, String region) {
        return namespace + "/" + region;
    }

    /** Files the launch as it is now, or takes it out when it no longer waits. */
    void update(Launch launch) {
        ResourceID id = ResourceID.fromResource(launch);
        if (!waiting(launch)) {
            forget(id);
            return;
        }
        Filed now = new Filed(place(launch.getMetadata().getNamespace(), launch.getSpec().getOrigin()),
                launch.getSpec().getWindow().opensInstant(), launch.getMetadata().getName(), id);
        Filed before = filed.put(id, now);
        if (before != null && !before.equals(now)) {
            remove(before);
        }
        byPlace.computeIfAbsent(now.place(), place -> new ConcurrentSkipListSet<>(ORDER)).add(now);
    }

    /** Takes the launch out, once it is deleted. */
    void forget(ResourceID id) {
        Filed before = filed.remove(id);
        if (before != null) {
            remove(before);
        }
    }

    private void remove(Filed entry) {
        NavigableSet<Filed> place = byPlace.get(entry.place());
        if (place != null) {
            place.remove(entry);
        }
    }

    /**
     * The first launches waiting at a place, by window, that the test admits, as the cache holds them now.
     *
     * @param current the launch as the informer's cache holds it, or empty once it is gone
     */
    List<Launch> first(String place, int limit, Predicate<Launch> admits, Function<ResourceID, Optional<Launch>> current) {
        List<Launch> found = new ArrayList<>(limit);
        NavigableSet<Filed> waiting = byPlace.get(place);
        if (waiting == null) {
            return found;
        }
        Iterator<Filed> entries = waiting.iterator();
        while (entries.hasNext() && found.size() < limit) {
            Filed entry = entries.next();
            Optional<Launch> launch = current.apply(entry.id());
            if (launch.isEmpty() || !waiting(launch.get())) {
                // Scheduled or gone since it was filed: out, unless a newer reconcile filed it again meanwhile.
                if (filed.remove(entry.id(), entry)) {
                    waiting.remove(entry);
                }
                continue;
            }
            if (admits.test(launch.get())) {
                found.add(launch.get());
            }
        }
        return found;
    }
}
