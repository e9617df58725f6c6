package io.rocketexpress.gateway.pages;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rocketexpress.gateway.common.DatabaseNotifications;
import io.rocketexpress.gateway.launch.ScheduleChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The board's content as it changes. A change the schedule watch takes in has the departures read again at once; a
 * booking or cancellation on any replica (heard as the tracking event its transaction notifies) has them read
 * again {@code board.fill-delay} later, so the fill bars move; every {@code board.refresh} both lists are read
 * again (other regions' departures move), while anyone watches. Open boards get the new content only when it
 * differs.
 */
@ApplicationScoped
public class Board {

    private static final Logger LOG = Logger.getLogger(Board.class);

    /** Both lists of the board. */
    public record Content(List<PublicFlight> departures, List<Arrivals.FromRegion> arrivals) {
    }

    private final Departures departures;
    private final Arrivals arrivals;
    private final PagesConfig config;
    private final Vertx vertx;
    private final BroadcastProcessor<Content> changes = BroadcastProcessor.create();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger watchers = new AtomicInteger();
    private final AtomicBoolean fillPending = new AtomicBoolean();
    private final DatabaseNotifications notifications;
    private volatile Content last;
    private volatile List<Arrivals.FromRegion> lastArrivals;
    private volatile java.time.Instant arrivalsReadAt = java.time.Instant.MIN;
    private long timer = -1;

    Board(Departures departures, Arrivals arrivals, PagesConfig config, Vertx vertx,
          DatabaseNotifications notifications) {
        this.notifications = notifications;
        this.departures = departures;
        this.arrivals = arrivals;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        notifications.on(DatabaseNotifications.TRACKING_EVENT).subscribe().with(number -> fillMayHaveMoved());
        timer = vertx.setPeriodic(config.board().refresh().toMillis(), tick -> {
            if (watchers.get() > 0) {
                arrivals.read().subscribe().with(read -> {
                    arrived(read);
                    refresh();
                }, failure -> LOG.warnf("arrivals could not be read: %s", failure.getMessage()));
            }
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        changes.onComplete();
    }

    /** Something was booked or cancelled somewhere: read again soon, once for all that comes meanwhile. */
    private void fillMayHaveMoved() {
        if (watchers.get() > 0 && fillPending.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, config.board().fillDelay().toMillis()), tick -> {
                fillPending.set(false);
                refresh();
            });
        }
    }

    void scheduleChanged(@ObservesAsync ScheduleChanged change) {
        if (watchers.get() > 0) {
            refresh();
        }
    }

    private void arrived(List<Arrivals.FromRegion> read) {
        lastArrivals = read;
        arrivalsReadAt = java.time.Instant.now();
    }

    /** The board as it is now; other regions' arrivals as last read, or read now if not read lately. */
    public Uni<Content> now() {
        boolean fresh = lastArrivals != null
                && arrivalsReadAt.plus(config.board().arrivalsMaxAge()).isAfter(java.time.Instant.now());
        Uni<List<Arrivals.FromRegion>> known = fresh ? Uni.createFrom().item(lastArrivals)
                : arrivals.read().invoke(this::arrived);
        return known.flatMap(from -> departures.read(null).map(flights -> new Content(flights, from)));
    }

    /** The departures now, with other regions' arrivals as last read: never waits on another region. */
    private Uni<Content> current() {
        List<Arrivals.FromRegion> from = lastArrivals;
        return from == null ? now() : departures.read(null).map(flights -> new Content(flights, from));
    }

    /** The board now, then each time it changes, until the subscriber leaves. */
    public Multi<Content> live() {
        // Both at once: a change while the first read runs is not missed.
        return Multi.createBy().merging().streams(now().toMulti(), changes.onOverflow().dropPreviousItems())
                .onSubscription().invoke(() -> watchers.incrementAndGet())
                .onTermination().invoke(() -> watchers.decrementAndGet());
    }

    /** How many live boards are open on this replica. */
    int watching() {
        return watchers.get();
    }

    /** Reads the departures again; changes coming meanwhile make one more read, not one each. */
    private void refresh() {
        again.set(true);
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        current().subscribe().with(content -> {
            if (!content.equals(last)) {
                last = content;
                changes.onNext(content);
            }
            done();
        }, failure -> {
            LOG.warnf("the board could not be read: %s", failure.getMessage());
            done();
        });
    }

    private void done() {
        reading.set(false);
        if (again.get()) {
            refresh();
        }
    }
}
