package io.rocketexpress.gateway.booking;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Bookings waiting to be written, taken a batch at a time: what arrives while batches are running waits and goes
 * into the next one. Under load a batch holds every booking that arrived meanwhile, whatever its route, so the
 * replica's sales cost one transaction, and one claim on each flight's row, per batch rather than per booking;
 * when all is quiet, a booking runs at once, alone.
 */
final class BatchQueue<T> {

    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private final int maxBatch;
    private final int maxRunning;
    private final Function<List<T>, Uni<Void>> run;
    private int running;

    /**
     * @param run writes a batch; it settles every item itself and its Uni only says the batch is over
     */
    BatchQueue(int maxBatch, int maxRunning, Function<List<T>, Uni<Void>> run) {
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
