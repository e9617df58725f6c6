package io.rocketexpress.gateway.booking;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchQueueTest {

    /** Batches run until their test says they are done. */
    private final List<List<Integer>> started = new ArrayList<>();
    private final List<UniEmitter<? super Void>> running = new ArrayList<>();

    private BatchQueue<Integer> queue(int maxBatch, int maxRunning) {
        return new BatchQueue<>(maxBatch, maxRunning, batch -> Uni.createFrom().emitter(done -> {
            started.add(batch);
            running.add(done);
        }));
    }

    private void finish(int index) {
        running.get(index).complete(null);
    }

    @Test
    void aBookingThatArrivesWhenAllIsQuietRunsAtOnceAlone() {
        BatchQueue<Integer> queue = queue(64, 2);

        queue.add(1);

        assertThat(started).containsExactly(List.of(1));
    }

    @Test
    void whatArrivesWhileBatchesRunGoesTogetherIntoTheNextBatch() {
        BatchQueue<Integer> queue = queue(64, 1);
        queue.add(1);
        queue.add(2);
        queue.add(3);
        queue.add(4);
        assertThat(started).containsExactly(List.of(1));

        finish(0);

        assertThat(started).containsExactly(List.of(1), List.of(2, 3, 4));
        finish(1);
        queue.add(5);
        assertThat(started).last().isEqualTo(List.of(5));
    }

    @Test
    void batchesStayWithinTheirSizeAndTheirNumberRunningAtOnce() {
        BatchQueue<Integer> queue = queue(3, 2);
        for (int i = 1; i <= 9; i++) {
            queue.add(i);
        }
        assertThat(started).containsExactly(List.of(1), List.of(2));

        finish(0);
        finish(1);

        assertThat(started).containsExactly(List.of(1), List.of(2), List.of(3, 4, 5), List.of(6, 7, 8));
        finish(2);
        assertThat(started).last().isEqualTo(List.of(9));
    }
}
