package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotency keys, in the caller's transaction. Claiming a key inserts its record; a retry racing the
 * first request waits on the key's unique index until that one commits, then finds its answer to replay.
 * Keys are claimed a batch at a time, like the bookings they guard.
 */
@ApplicationScoped
public class Idempotency {

    /**
     * Claims the keys of a batch of requests in one statement, in the caller's transaction. A key already
     * claimed by a transaction still running is waited for.
     *
     * @return for each request, in order, whether its key was new; the others were used before
     */
    public Uni<List<Boolean>> claimAll(SqlConnection connection, List<Key> keys, Instant at) {
        int size = keys.size();
        // In one order in every batch, so that two batches inserting the same keys never deadlock on each other.
        List<Key> sorted = size == 1 ? keys : keys.stream()
                .sorted(Comparator.comparing(Key::partner).thenComparing(Key::key)).toList();
        UUID[] partners = new UUID[size];
        String[] names = new String[size];
        String[] hashes = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            partners[i] = sorted.get(i).partner();
            names[i] = sorted.get(i).key();
            hashes[i] = sorted.get(i).requestHash();
            times[i] = at.atOffset(ZoneOffset.UTC);
        }
        // One key alone (a quiet route) takes the plain form, which costs PostgreSQL less than the array form.
        Uni<RowSet<Row>> inserted = size == 1
                ? connection.preparedQuery("INSERT INTO idempotency_record (partner_id, idempotency_key, request_hash,"
                        + " created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING partner_id, idempotency_key")
                .execute(Tuple.of(partners[0], names[0], hashes[0], times[0]))
                : connection.preparedQuery("INSERT INTO idempotency_record (partner_id, idempotency_key, request_hash,"
                        + " created_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])"
                        + " ON CONFLICT DO NOTHING RETURNING partner_id, idempotency_key")
                .execute(Tuple.of(partners, names, hashes, times));
        return inserted
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    for (Row row : rows) {
                        claimed.add(row.getUUID(0) + " " + row.getString(1));
                    }
                    List<Boolean> fresh = new ArrayList<>(size);
                    for (Key key : keys) {
                        // A key twice in one batch: the first claims it, the second replays it.
                        fresh.add(claimed.remove(key.partner() + " " + key.key()));
                    }
                    return fresh;
                });
    }

    /**
     * The first answer to a key used before.
     *
     * @throws ProblemException 422 when the key was used with a different request, 409 while that one runs
     */
    public Uni<StoredResponse> replay(SqlConnection connection, Key key) {
        return connection.preparedQuery("SELECT request_hash, response_status, response_body"
                        + " FROM idempotency_record WHERE partner_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(key.partner(), key.key()))
                .map(rows -> replay(key.key(), key.requestHash(), rows.iterator().next()));
    }

    /** Stores the answers given to the keys' first requests, in one statement. */
    public Uni<Void> completeAll(SqlConnection connection, List<Key> keys, List<String> bodies) {
        int size = keys.size();
        // The keys were inserted by this transaction: their rows are its own, nobody else's to wait on.
        UUID[] partners = new UUID[size];
        String[] names = new String[size];
        for (int i = 0; i < size; i++) {
            partners[i] = keys.get(i).partner();
            names[i] = keys.get(i).key();
        }
        if (size == 1) {
            // PostgreSQL plans the array form's join anew on every call: a single key takes the plain form.
            return connection.preparedQuery("UPDATE idempotency_record SET response_status = 201, response_body = $3"
                            + " WHERE partner_id = $1 AND idempotency_key = $2")
                    .execute(Tuple.of(partners[0], names[0], bodies.get(0)))
                    .replaceWithVoid();
        }
        return connection.preparedQuery("UPDATE idempotency_record r SET response_status = 201, response_body = a.body"
                        + " FROM unnest($1::uuid[], $2::text[], $3::text[]) AS a(partner_id, idempotency_key, body)"
                        + " WHERE r.partner_id = a.partner_id AND r.idempotency_key = a.idempotency_key")
                .execute(Tuple.of(partners, names, bodies.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** A request's Idempotency-Key, whose partner it is and a hash of the request it came with. */
    public record Key(UUID partner, String key, String requestHash) {
    }

    private static StoredResponse replay(String key, String requestHash, Row row) {
        if (!requestHash.equals(row.getString(0))) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "Idempotency-Key '" + key
                    + "' was already used for a different request; use a new key for a new booking");
        }
        if (row.getInteger(1) == null) {
            throw new ProblemException(ProblemType.CONFLICT, "a request with Idempotency-Key '" + key
                    + "' is still being processed; retry in a moment");
        }
        return new StoredResponse(row.getInteger(1), row.getString(2));
    }

    /** An answer as first given: replayed byte for byte. */
    public record StoredResponse(int status, String body) {
    }
}
