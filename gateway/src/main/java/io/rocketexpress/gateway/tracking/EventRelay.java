package io.rocketexpress.gateway.tracking;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves a stream of events to a partner over Server-Sent Events, deciding the status first. Quarkus REST
 * commits a {@code Multi}'s 200 as soon as the method returns; here the stream is a {@code Uni} of the
 * events instead: while it has not resolved, a failure still answers its problem (404, 503); once it has,
 * the partner's stream begins and the events follow, one at a time as the partner's connection takes them.
 * A partner who leaves cancels the events, and the end of the events ends the partner's stream.
 */
public final class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);

    private EventRelay() {
    }

    /** As {@link #relay(Uni, SseEventSink, Sse, AutoCloseable)}, for a stream that holds no permit. */
    public static Uni<Void> relay(Uni<Multi<OutboundSseEvent>> stream, SseEventSink sink, Sse sse) {
        return relay(stream, sink, sse, () -> {
        });
    }

    /**
     * Return this from an {@code @Produces(text/event-stream)} method taking {@code @Context SseEventSink}; the
     * permit is given back when the stream fails to start, ends, or its partner leaves.
     */
    public static Uni<Void> relay(Uni<Multi<OutboundSseEvent>> stream, SseEventSink sink, Sse sse,
                                  AutoCloseable permit) {
        Runnable release = () -> {
            try {
                permit.close();
            } catch (Exception e) {
                LOG.debugf("releasing a stream's permit failed: %s", e.toString());
            }
        };
        return stream.onFailure().invoke(release).onCancellation().invoke(release).invoke(source -> {
            Multi<OutboundSseEvent> events = source.onTermination().invoke(release);
            AtomicReference<Cancellable> subscription = new AtomicReference<>();
            // The broadcaster is how a sink tells that the partner's connection closed.
            SseBroadcaster closing = sse.newBroadcaster();
            closing.onClose(closed -> {
                Cancellable running = subscription.get();
                if (running != null) {
                    running.cancel();
                }
            });
            closing.register(sink);
            subscription.set(events
                    .onItem().transformToUniAndConcatenate(event -> Uni.createFrom().completionStage(() -> sink.send(event)))
                    .subscribe().with(
                            sent -> {
                            },
                            failure -> {
                                LOG.debugf("event stream ended with %s", failure.toString());
                                sink.close();
                            },
                            sink::close));
            if (sink.isClosed()) {
                subscription.get().cancel();
            }
        }).replaceWithVoid();
    }
}
