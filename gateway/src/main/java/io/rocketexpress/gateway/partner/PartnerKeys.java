package io.rocketexpress.gateway.partner;

import io.rocketexpress.gateway.common.DatabaseNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live API keys by hash, kept in memory so that authenticating a request costs no database round trip. A key
 * revoked or removed on any replica is forgotten here as soon as its transaction commits: the database
 * notifies {@value DatabaseNotifications#API_KEY_CHANGED} (migration V7). While this replica cannot listen,
 * nothing is served from memory; after it listens again, everything learnt before is forgotten, since a
 * revocation may have been missed meanwhile. Entries also expire, a backstop that never lets an error here
 * keep a key alive for long.
 */
@ApplicationScoped
public class PartnerKeys {

    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    /** Counts what was forgotten, so a lookup that raced a revocation does not store what it read before it. */
    private final AtomicLong forgotten = new AtomicLong();
    private final Pool pool;
    private final DatabaseNotifications notifications;
    private final Clock clock;

    PartnerKeys(Pool pool, DatabaseNotifications notifications, Clock clock) {
        this.pool = pool;
        this.notifications = notifications;
        this.clock = clock;
        notifications.on(DatabaseNotifications.API_KEY_CHANGED).subscribe().with(this::forget);
    }

    /** The partner a key hash belongs to, when the key is live. */
    public Uni<Optional<Owner>> find(String hash) {
        Instant now = clock.instant();
        Entry cached = byHash.get(hash);
        boolean trusted = notifications.listening();
        if (cached != null && trusted && cached.until().isAfter(now)) {
            return Uni.createFrom().item(Optional.of(cached.owner()));
        }
        long before = forgotten.get();
        return pool.preparedQuery("SELECT p.id, p.name, p.suspended_at IS NOT NULL FROM api_key k"
                        + " JOIN partner p ON p.id = k.partner_id"
                        + " WHERE k.hash = $1 AND k.revoked_at IS NULL")
                .execute(Tuple.of(hash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<Owner>empty();
                    }
                    Row row = rows.iterator().next();
                    Owner owner = new Owner(row.getUUID(0), row.getString(1), row.getBoolean(2));
                    if (trusted) {
                        byHash.put(hash, new Entry(owner, now.plus(MAX_AGE)));
                        if (forgotten.get() != before) {
                            // A revocation arrived while this was read: what was read may be stale.
                            byHash.remove(hash);
                        }
                    }
                    return Optional.of(owner);
                });
    }

    /** Forgets one key at once; this replica's own changes need not wait for the notification. */
    void forget(String hash) {
        forgotten.incrementAndGet();
        if (hash.equals(DatabaseNotifications.EVERYTHING)) {
            byHash.clear();
        } else {
            byHash.remove(hash);
        }
    }

    /** A live key's partner, and whether it is suspended. */
    public record Owner(UUID id, String name, boolean suspended) {
    }

    private record Entry(Owner owner, Instant until) {
    }
}
