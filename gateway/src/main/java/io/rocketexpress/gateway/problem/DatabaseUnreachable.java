package io.rocketexpress.gateway.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a failure that says the database cannot be reached just now (refused, gone, shutting down or starting up)
 * from one that is the gateway's own fault: the first is answered 503 with Retry-After, so partners retry, and
 * logged without a stack trace, since it is an outage the readiness check and the database's own monitoring report.
 * A refused or reset connection is taken for the database's: calls to other regions' gateways and the cluster fail
 * in their own guards, before they can reach the mapper.
 */
final class DatabaseUnreachable {

    private DatabaseUnreachable() {
    }

    /** Whether the failure, or any of its causes, is the database being out of reach. */
    static boolean causedBy(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof ClosedConnectionException) {
                return true;
            }
            if (cause instanceof PgException pg && unavailable(pg.getSqlState())) {
                return true;
            }
            if (cause instanceof SQLException sql && unavailable(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) and 57P (the server shutting down, crashed, or not yet accepting). */
    private static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }
}
