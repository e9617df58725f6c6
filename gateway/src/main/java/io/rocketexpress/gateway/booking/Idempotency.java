package io.rocketexpress.gateway.booking;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
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
    public Uni<Optional<StoredResponse>> claim(UUID partner, String key, String requestHash) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO idempotency_record (partner_id, idempotency_key, request_hash, created_at)"
                                + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, partner).setParameter(2, key).setParameter(3, requestHash)
                .setParameter(4, clock.instant())
                .executeUpdate()
                .flatMap(inserted -> inserted == 1 ? Uni.createFrom().item(Optional.<StoredResponse>empty())
                        : session.createNativeQuery("SELECT request_hash, response_status, response_body"
                                        + " FROM idempotency_record WHERE partner_id = ?1 AND idempotency_key = ?2",
                                        Object[].class)
                                .setParameter(1, partner).setParameter(2, key)
                                .getSingleResult()
                                .map(row -> replay(key, requestHash, row))));
    }

    /** Stores the answer given to the key's first request. */
    public Uni<Integer> complete(UUID partner, String key, int status, String body) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "UPDATE idempotency_record SET response_status = ?1, response_body = ?2"
                                + " WHERE partner_id = ?3 AND idempotency_key = ?4")
                .setParameter(1, status).setParameter(2, body).setParameter(3, partner).setParameter(4, key)
                .executeUpdate());
    }

    private static Optional<StoredResponse> replay(String key, String requestHash, Object[] row) {
        if (!requestHash.equals(row[0])) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "Idempotency-Key '" + key
                    + "' was already used for a different request; use a new key for a new booking");
        }
        if (row[1] == null) {
            throw new ProblemException(ProblemType.CONFLICT, "a request with Idempotency-Key '" + key
                    + "' is still being processed; retry in a moment");
        }
        return Optional.of(new StoredResponse(((Number) row[1]).intValue(), (String) row[2]));
    }

    /** An answer as first given: replayed byte for byte. */
    public record StoredResponse(int status, String body) {
    }
}
