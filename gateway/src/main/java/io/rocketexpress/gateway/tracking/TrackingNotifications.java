package io.rocketexpress.gateway.tracking;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Hears of every tracking event once its transaction commits, whichever replica wrote it: the database
 * notifies channel {@code tracking_event} with the parcel's tracking number (see the trigger in migration V5).
 * One connection per gateway listens; live streams subscribe here.
 */
@ApplicationScoped
public class TrackingNotifications {

    private static final Logger LOG = Logger.getLogger(TrackingNotifications.class);
    static final String CHANNEL = "tracking_event";
    /** Sent to every listener when the connection was (re)established: notifications may have been missed. */
    static final String EVERYTHING = "";

    private final BroadcastProcessor<String> numbers = BroadcastProcessor.create();
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    TrackingNotifications(Vertx vertx,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent start) {
        PgConnectOptions options = PgConnectOptions.fromUri(firstHost(url));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                // Reconnect for ever, every second: live streams catch up through EVERYTHING afterwards.
                .reconnectPolicy(attempts -> 1000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(() -> numbers.onNext(EVERYTHING))
                .handler(numbers::onNext);
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("listening for tracking events"),
                failure -> LOG.warnf("not listening for tracking events yet (%s); live streams poll meanwhile",
                        failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        numbers.onComplete();
    }

    /**
     * Emits the parcel's number each time one of its events commits, and {@link #EVERYTHING} after the
     * listening connection was (re)established. While a listener is busy, emissions coalesce into the latest
     * one: each means "read again", so one read covers them all.
     */
    Multi<String> of(String trackingNumber) {
        return numbers.filter(number -> number.equals(trackingNumber) || number.equals(EVERYTHING))
                .onOverflow().dropPreviousItems();
    }

    private static String firstHost(String url) {
        String plain = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        int comma = plain.indexOf(',');
        return comma < 0 ? plain : plain.substring(0, comma);
    }
}
