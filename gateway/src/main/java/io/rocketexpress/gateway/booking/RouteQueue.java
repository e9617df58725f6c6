package io.rocketexpress.gateway.booking;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bookings of one route waiting to be written, taken a batch at a time: what arrives while the route's
 * batches are running waits and goes into the next one. Under load a batch holds every booking that arrived
 * meanwhile, so a busy route costs one transaction, and one claim on its flight's row, per batch rather than
 * per booking; when the route is quiet, a booking runs at once, alone.
 */
final class RouteQueue<T> {

    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private final int maxBatch;
    private final int maxRunning;
    private final Function<List<T>, Uni<Void>> run;
    private int running;

    /**
     * @param run writes a batch; it settles every item itself and its Uni only says the batch is over
     */
    RouteQueue(int maxBatch, int maxRunning, Function<List<T>, Uni<Void>> run) {
        this.maxBatch = maxBatch;
        this.maxRunning = maxRunning;
        this.run = run;
    }

    void add(T item) {
        List<T> batch;
        synchronized (this) {
            waiting.add(item);
            if (running == maxRunning) {
                return;
            }
            running++;
            batch = take();
        }
        start(batch);
    }

    private void start(List<T> batch) {
        run.apply(batch).subscribe().with(done -> next(), failure -> next());
    }

    private void next() {
        List<T> batch;
        synchronized (this) {
            if (waiting.isEmpty()) {
                running--;
                return;
            }
            batch = take();
        }
        start(batch);
    }

    private List<T> take() {
        List<T> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(waiting.poll());
        }
        return batch;
    }
}
