package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys, in the caller's transaction. Claiming a key inserts its record; a retry racing the
 * first request waits on the key's unique index until that one commits, then finds its answer to replay.
 */
@ApplicationScoped
public class Idempotency {

    private final Clock clock;

    Idempotency(Clock clock) {
        this.clock = clock;
    }

    /**
     * @return the first answer when the key was used before with the same request, empty when the key is new
     * @throws ProblemException 422 when the key was used with a different request
     */
    public Uni<Optional<StoredResponse>> claim(SqlConnection connection, UUID partner, String key, String requestHash) {
        return connection.preparedQuery("INSERT INTO idempotency_record (partner_id, idempotency_key, request_hash,"
                        + " created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(partner, key, requestHash, clock.instant().atOffset(ZoneOffset.UTC)))
                .flatMap(inserted -> inserted.rowCount() == 1 ? Uni.createFrom().item(Optional.<StoredResponse>empty())
                        : connection.preparedQuery("SELECT request_hash, response_status, response_body"
                                        + " FROM idempotency_record WHERE partner_id = $1 AND idempotency_key = $2")
                                .execute(Tuple.of(partner, key))
                                .map(rows -> replay(key, requestHash, rows.iterator().next())));
    }

    /** Stores the answer given to the key's first request. */
    public Uni<Void> complete(SqlConnection connection, UUID partner, String key, int status, String body) {
        return connection.preparedQuery("UPDATE idempotency_record SET response_status = $1, response_body = $2"
                        + " WHERE partner_id = $3 AND idempotency_key = $4")
                .execute(Tuple.of(status, body, partner, key))
                .replaceWithVoid();
    }

    private static Optional<StoredResponse> replay(String key, String requestHash, Row row) {
        if (!requestHash.equals(row.getString(0))) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "Idempotency-Key '" + key
                    + "' was already used for a different request; use a new key for a new booking");
        }
        if (row.getInteger(1) == null) {
            throw new ProblemException(ProblemType.CONFLICT, "a request with Idempotency-Key '" + key
                    + "' is still being processed; retry in a moment");
        }
        return Optional.of(new StoredResponse(row.getInteger(1), row.getString(2)));
    }

    /** An answer as first given: replayed byte for byte. */
    public record StoredResponse(int status, String body) {
    }
}
