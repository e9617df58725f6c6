package io.rocketexpress.localcluster;

import io.fabric8.mockwebserver.crud.AttributeSet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The store's recent changes, in resourceVersion order, as the API server's watch cache keeps them: a watch
 * may start from any version still held, and learns that an older one has been compacted away. Every change
 * is also handed to the watches following the log as it is recorded.
 */
final class ChangeLog {

    /** How many changes the log keeps by default: a real API server keeps its watch cache by time, a few minutes. */
    static final int DEFAULT_CAPACITY = 1000;

    /**
     * One write to the store: the object before (null for a creation) and after (null for a removal), each
     * with the store's key for it. {@code version} is the resourceVersion the write gave.
     */
    record Change(long version, AttributeSet oldKey, String oldObject, AttributeSet newKey, String newObject) {
    }

    /** The version asked for is older than every change the log still holds. */
    static final class Expired extends Exception {
        final long oldest;

        Expired(long oldest) {
            super(null, null, false, false);
            this.oldest = oldest;
        }
    }

    /** A follower's handle: closing it stops the deliveries. */
    interface Following extends AutoCloseable {
        @Override
        void close();
    }

    private final int capacity;
    private final Deque<Change> changes = new ArrayDeque<>();
    private final Set<Consumer<Change>> followers = new CopyOnWriteArraySet<>();
    private long compactedUpTo;

    ChangeLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(Change change) {
        changes.addLast(change);
        while (changes.size() > capacity) {
            compactedUpTo = changes.removeFirst().version();
        }
        followers.forEach(follower -> follower.accept(change));
    }

    /**
     * Hands {@code follower} every change after {@code version} still held, then every new one as it is
     * recorded, in order and without a gap.
     */
    synchronized Following follow(long version, Consumer<Change> follower) throws Expired {
        if (version < compactedUpTo) {
            throw new Expired(compactedUpTo + 1);
        }
        List<Change> missed = changes.stream().filter(change -> change.version() > version).toList();
        missed.forEach(follower);
        followers.add(follower);
        return () -> followers.remove(follower);
    }
}
