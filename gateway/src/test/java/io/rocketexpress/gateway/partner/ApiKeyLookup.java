package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.Panache;

import io.quarkus.vertx.VertxContextSupport;

/** Reads stored keys straight from the database, to check what is (not) kept. */
final class ApiKeyLookup {

    private ApiKeyLookup() {
    }

    static ApiKey byPrefix(String prefix) {
        try {
            return VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> ApiKey.<ApiKey>find("prefix", prefix).singleResult()));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
