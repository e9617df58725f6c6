package io.rocketexpress.gateway;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** Reads the gateway's database from a test thread, on a Vert.x context as Hibernate Reactive needs. */
public final class Db {

    private Db() {
    }

    public static <T> T read(Supplier<Uni<T>> query) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(query::get));
        } catch (Throwable e) {
            throw new AssertionError("database read failed", e);
        }
    }

    /** Runs one native statement with positional parameters (?1, ?2, ...) in a transaction of its own. */
    public static int execute(String sql, Object... parameters) {
        return write(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        }));
    }

    /** A number from one native query with positional parameters. */
    public static long number(String sql, Object... parameters) {
        return read(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Long.class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getSingleResult();
        }));
    }

    /** Writes in a transaction of its own, as another replica would. */
    public static <T> T write(Supplier<Uni<T>> statement) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(statement::get));
        } catch (Throwable e) {
            throw new AssertionError("database write failed", e);
        }
    }
}
