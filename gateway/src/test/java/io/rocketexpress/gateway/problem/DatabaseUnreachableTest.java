package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.core.JsonParseException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnreachableTest {

    @Test
    void refusedOrLostConnectionsAreTheDatabaseOutOfReach() {
        assertThat(DatabaseUnreachable.causedBy(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(new SocketException("Connection reset"))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(ClosedConnectionException.INSTANCE)).isTrue();
        // As Hibernate Reactive and Mutiny hand them on: wrapped.
        assertThat(DatabaseUnreachable.causedBy(new CompletionException(new IllegalStateException(
                "query failed", ClosedConnectionException.INSTANCE)))).isTrue();
    }

    @Test
    void brokenConnectionsAreOutOfReachAlsoWhenSeveralQueriesFailedTogether() {
        assertThat(DatabaseUnreachable.causedBy(new IOException("Connection reset by peer"))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(new CompositeException(new IllegalArgumentException("first"),
                new IOException("Broken pipe")))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(new VertxException(
                "Connection is not active now, current status: CLOSED", true))).isTrue();
    }

    @Test
    void serverShuttingDownOrStartingIsOutOfReach() {
        assertThat(DatabaseUnreachable.causedBy(new PgException(
                "terminating connection due to administrator command", "FATAL", "57P01", null))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(new PgException(
                "the database system is starting up", "FATAL", "57P03", null))).isTrue();
        assertThat(DatabaseUnreachable.causedBy(new SQLException("connection failure", "08006"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnreachable.causedBy(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseUnreachable.causedBy(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseUnreachable.causedBy(new PgException("no room", "ERROR", "RX001", null))).isFalse();
        assertThat(DatabaseUnreachable.causedBy(new IllegalStateException("response not written",
                new JsonParseException(null, "unexpected end of input")))).isFalse();
    }

    @Test
    void aCycleOfCausesEnds() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        assertThat(DatabaseUnreachable.causedBy(first)).isFalse();
    }
}
