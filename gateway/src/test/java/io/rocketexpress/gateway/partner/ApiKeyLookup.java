package io.rocketexpress.gateway.partner;

import io.rocketexpress.gateway.Db;

/** Reads stored keys straight from the database, to check what is (not) kept. */
final class ApiKeyLookup {

    private ApiKeyLookup() {
    }

    static ApiKey byPrefix(String prefix) {
        return Db.read(() -> ApiKey.<ApiKey>find("prefix", prefix).singleResult());
    }
}
