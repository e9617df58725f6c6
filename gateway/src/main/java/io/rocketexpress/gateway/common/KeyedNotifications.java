package io.rocketexpress.gateway.common;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notifications handed to the listeners of their key alone: a payload reaches the streams that wait for it
 * in one map lookup, however many streams wait for other keys. {@link DatabaseNotifications#EVERYTHING}
 * reaches every listener. A listener that cannot keep up keeps only the latest payload: each means "look
 * again", so nothing is lost by coalescing them.
 */
public final class KeyedNotifications {

    private final Map<String, Set<MultiEmitter<? super String>>> byKey = new ConcurrentHashMap<>();

    /** The payloads for this key (and {@link DatabaseNotifications#EVERYTHING}), from subscription on. */
    public Multi<String> on(String key) {
        return Multi.createFrom().emitter(emitter -> {
            byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(emitter);
            emitter.onTermination(() -> byKey.computeIfPresent(key, (k, emitters) -> {
                emitters.remove(emitter);
                return emitters.isEmpty() ? null : emitters;
            }));
        }, BackPressureStrategy.LATEST);
    }

    /** Hands the payload to the listeners of its key, or to all of them for {@link DatabaseNotifications#EVERYTHING}. */
    public void publish(String payload) {
        if (DatabaseNotifications.EVERYTHING.equals(payload)) {
            byKey.values().forEach(emitters -> emitters.forEach(emitter -> emitter.emit(payload)));
            return;
        }
        Set<MultiEmitter<? super String>> emitters = byKey.get(payload);
        if (emitters != null) {
            emitters.forEach(emitter -> emitter.emit(payload));
        }
    }

    /** Ends every listener's payloads. */
    public void complete() {
        byKey.values().forEach(emitters -> emitters.forEach(MultiEmitter::complete));
    }

    /** Keys someone listens for now. */
    public int keys() {
        return byKey.size();
    }
}
