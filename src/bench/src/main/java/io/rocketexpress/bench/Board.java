package io.rocketexpress.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the bench's informers see of many resources of one kind, across clusters: how many of each group (the part
 * of a name before its first '-') are in each state, and when each resource was first seen in a state. Waiting
 * for a count is woken by the informers' events, not by polling.
 */
final class Board<T extends HasMetadata> {

    private final Function<T, String> state;
    private final Map<String, String> current = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** @param state the state a resource is in, as the bench names it (a phase, or a waiting reason) */
    Board(Function<T, String> state) {
        this.state = state;
    }

    /** The handler to give a cluster's informer; the region keeps equal names of two clusters apart. */
    ResourceEventHandler<T> handler(String region) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T resource) {
                see(region, resource);
            }

            @Override
            public void onUpdate(T old, T resource) {
                see(region, resource);
            }

            @Override
            public void onDelete(T resource, boolean finalStateUnknown) {
                String key = region + "/" + resource.getMetadata().getName();
                String was = current.remove(key);
                if (was != null) {
                    counter(group(resource), was).decrementAndGet();
                    signal();
                }
            }
        };
    }

    private void see(String region, T resource) {
        String key = region + "/" + resource.getMetadata().getName();
        String now = state.apply(resource);
        String was = current.put(key, now);
        if (now.equals(was)) {
            return;
        }
        Instant seen = Instant.now();
        firstSeen.putIfAbsent(key + "#" + now, seen);
        String group = group(resource);
        if (was != null) {
            counter(group, was).decrementAndGet();
        }
        counter(group, now).incrementAndGet();
        signal();
    }

    private static String group(HasMetadata resource) {
        String name = resource.getMetadata().getName();
        int dash = name.indexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    private AtomicInteger counter(String group, String state) {
        return counts.computeIfAbsent(group + "#" + state, k -> new AtomicInteger());
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many resources of the group are in the state now. */
    int count(String group, String state) {
        AtomicInteger count = counts.get(group + "#" + state);
        return count == null ? 0 : count.get();
    }

    /** When that resource of that region was first seen in the state. */
    Optional<Instant> firstSeen(String region, String name, String state) {
        return Optional.ofNullable(firstSeen.get(region + "/" + name + "#" + state));
    }

    /**
     * Waits until at least that many resources of the group are in the state, or the time is up.
     *
     * @return whether they got there
     */
    boolean await(String group, String state, int wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (count(group, state) < wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
