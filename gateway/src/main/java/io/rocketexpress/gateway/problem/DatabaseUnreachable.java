package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.core.JacksonException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a failure that says the database cannot be reached just now (refused, reset, gone, shutting down or starting
 * up) from one that is the gateway's own fault: the first is answered 503 with Retry-After, so partners retry, and
 * logged without a stack trace, since it is an outage the readiness check and the database's own monitoring report.
 * A connection's I/O failure is taken for the database's: calls to other regions' gateways and the cluster fail in
 * their own guards, before they can reach the mapper, and unreadable request bodies have a mapper of their own.
 */
final class DatabaseUnreachable {

    /** What the reactive SQL client fails a query with once its connection is closed. */
    private static final String CONNECTION_CLOSED = "Connection is not active now";

    private DatabaseUnreachable() {
    }

    /** Whether the failure, or any of its causes (all of a composite's), is the database being out of reach. */
    static boolean causedBy(Throwable failure) {
        return causedBy(failure, new IdentityHashMap<>());
    }

    private static boolean causedBy(Throwable failure, Map<Throwable, Boolean> seen) {
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (outOfReach(cause)) {
                return true;
            }
            if (cause instanceof CompositeException composite
                    && composite.getCauses().stream().anyMatch(each -> causedBy(each, seen))) {
                return true;
            }
        }
        return false;
    }

    private static boolean outOfReach(Throwable cause) {
        if (cause instanceof IOException && !(cause instanceof JacksonException)) {
            return true;
        }
        if (cause instanceof ClosedConnectionException
                || (cause.getMessage() != null && cause.getMessage().startsWith(CONNECTION_CLOSED))) {
            return true;
        }
        if (cause instanceof PgException pg) {
            return unavailable(pg.getSqlState());
        }
        return cause instanceof SQLException sql && unavailable(sql.getSQLState());
    }

    /** SQLSTATE class 08 (connection exception) and 57P (the server shutting down, crashed, or not yet accepting). */
    private static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }
}
