package io.rocketexpress.gateway.common;

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

import java.util.Map;
import java.util.Optional;

/**
 * What other replicas' transactions tell every gateway once they commit, through PostgreSQL's LISTEN/NOTIFY:
 * <ul>
 *   <li>{@value #TRACKING_EVENT}: a tracking event was written, with the parcel's tracking number (the trigger
 *   of migration V5); live streams wake on it;</li>
 *   <li>{@value #API_KEY_CHANGED}: an API key was revoked or removed, with its hash (migration V7); the key
 *   cache forgets it.</li>
 * </ul>
 * One connection per gateway listens. Each channel also emits {@link #EVERYTHING} whenever the connection was
 * (re)established, since notifications sent meanwhile are lost: "assume anything changed".
 */
@ApplicationScoped
public class DatabaseNotifications {

    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class);
    public static final String TRACKING_EVENT = "tracking_event";
    public static final String API_KEY_CHANGED = "api_key_changed";
    /** Sent on every channel when the connection was (re)established: notifications may have been missed. */
    public static final String EVERYTHING = "";

    private final Map<String, BroadcastProcessor<String>> channels = Map.of(
            TRACKING_EVENT, BroadcastProcessor.create(), API_KEY_CHANGED, BroadcastProcessor.create());
    /** Tracking events by tracking number: a stream hears of its own parcel only. */
    private final KeyedNotifications trackingEvents = new KeyedNotifications();
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    DatabaseNotifications(Vertx vertx,
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
                // Reconnect for ever, every second: listeners catch up through EVERYTHING afterwards.
                .reconnectPolicy(attempts -> 1000L);
        channels.forEach((name, payloads) -> subscriber.channel(name)
                .subscribeHandler(() -> {
                    payloads.onNext(EVERYTHING);
                    if (name.equals(TRACKING_EVENT)) {
                        trackingEvents.publish(EVERYTHING);
                    }
                })
                .handler(payload -> {
                    payloads.onNext(payload);
                    if (name.equals(TRACKING_EVENT)) {
                        trackingEvents.publish(payload);
                    }
                }));
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("listening for database notifications"),
                failure -> LOG.warnf("not listening for database notifications yet (%s); live streams poll and"
                        + " API keys are checked in the database meanwhile", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        channels.values().forEach(BroadcastProcessor::onComplete);
        trackingEvents.complete();
    }

    /** True while the listening connection is up, so that no notification goes unheard. */
    public boolean listening() {
        return subscriber != null && !subscriber.closed() && subscriber.actualConnection() != null;
    }

    /**
     * Emits each payload of the channel as its transaction commits, and {@link #EVERYTHING} after the listening
     * connection was (re)established.
     */
    public Multi<String> on(String channel) {
        BroadcastProcessor<String> payloads = channels.get(channel);
        if (payloads == null) {
            throw new IllegalArgumentException("no channel " + channel + " is listened to");
        }
        return payloads;
    }

    /**
     * Emits the tracking number each time an event of that parcel commits, and {@link #EVERYTHING} after the
     * listening connection was (re)established; at most the latest one waits while the listener is busy.
     * Costs the same however many other parcels are followed.
     */
    public Multi<String> onTrackingEvent(String trackingNumber) {
        return trackingEvents.on(trackingNumber);
    }

    private static String firstHost(String url) {
        String plain = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        int comma = plain.indexOf(',');
        return comma < 0 ? plain : plain.substring(0, comma);
    }
}
