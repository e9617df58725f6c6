package io.rocketexpress.gateway.webhook;

import io.quarkus.runtime.StartupEvent;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Encrypts, at startup, the endpoint secrets stored before secrets were encrypted. Until it has run they are
 * read as they are, so nothing waits for it; replicas starting together do the same harmless work, since a row
 * is only rewritten while it still holds the plaintext it was read with.
 */
@ApplicationScoped
public class PlaintextSecrets {

    private static final Logger LOG = Logger.getLogger(PlaintextSecrets.class);

    private static final String FIND = """
            SELECT partner_id, secret, previous_secret FROM webhook_endpoint
            WHERE secret NOT LIKE 'v1:%' OR previous_secret NOT LIKE 'v1:%'""";
    private static final String ENCRYPT = """
            UPDATE webhook_endpoint
            SET secret = CASE WHEN secret = $2 THEN $3 ELSE secret END,
                previous_secret = CASE WHEN previous_secret = $4 THEN $5 ELSE previous_secret END
            WHERE partner_id = $1""";

    private final Pool pool;
    private final SecretCipher cipher;

    PlaintextSecrets(Pool pool, GatewayConfig config) {
        this.pool = pool;
        this.cipher = new SecretCipher(config.gateway().webhooks().secretsKey());
    }

    void atStartup(@Observes StartupEvent started) {
        if (!cipher.ready()) {
            LOG.warn("rocketexpress.gateway.webhooks.secrets-key is not set: registering a webhook endpoint answers 503");
            return;
        }
        encrypt().subscribe().with(
                count -> {
                    if (count > 0) {
                        LOG.infof("encrypted the webhook secrets of %d endpoints stored before encryption", count);
                    }
                },
                failure -> LOG.warnf("webhook secrets stored before encryption stay as they are until the next "
                        + "start: %s", failure.getMessage()));
    }

    /** Encrypts every secret still stored in clear; @return how many endpoints were rewritten */
    Uni<Integer> encrypt() {
        return pool.preparedQuery(FIND).execute()
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(this::encrypt)
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> encrypt(Row row) {
        UUID partner = row.getUUID("partner_id");
        String secret = row.getString("secret");
        String previous = row.getString("previous_secret");
        return pool.preparedQuery(ENCRYPT).execute(Tuple.of(partner, secret, sealed(partner, secret), previous,
                        sealed(partner, previous)))
                .map(updated -> updated.rowCount());
    }

    private String sealed(UUID partner, String stored) {
        return stored == null || stored.startsWith(SecretCipher.PREFIX) ? stored : cipher.seal(partner, stored);
    }
}
