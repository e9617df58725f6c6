package io.rocketexpress.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** CPU time read from /proc, of a process and of a process with its children. */
class ProcessCpuTest {

    @Test
    void readsTheTimesAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler) (x)) S 17 4242 4242 0 -1 4194560 900 0 0 0 250 40 7 3 20 0 1 0 100 0 0";

        long[] times = ProcessCpu.parse(stat);

        assertThat(times).containsExactly(250, 40, 7, 3, 17);
    }

    @Test
    void aProcessThatWorksUsesCpuTime() {
        ProcessCpu self = ProcessCpu.of(ProcessHandle.current().pid());
        long before = self.nanos();
        assertThat(before).isPositive();

        // /proc counts in hundredths of a second: work until the count moves on, for at most half a minute.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (self.nanos() == before && System.nanoTime() < deadline) {
            spin();
        }
        assertThat(self.nanos()).isGreaterThan(before);
    }

    @Test
    void aParentCountsItsChildrenAliveAndEnded() throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        ProcessCpu alone = ProcessCpu.of(pid);
        ProcessCpu withChildren = ProcessCpu.withChildren(pid);
        long childrenBefore = withChildren.nanos() - alone.nanos();

        // A child that burns about half a second of CPU and ends: reaped by this JVM, its time is ours to count.
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done")
                .inheritIO().start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        long childrenAfter = withChildren.nanos() - alone.nanos();
        assertThat(childrenAfter).isGreaterThan(childrenBefore);
    }

    @Test
    void aProcessThatIsGoneReadsAsUnknown() {
        assertThat(ProcessCpu.of(Long.MAX_VALUE).nanos()).isEqualTo(-1);
        assertThat(ProcessCpu.withChildren(Long.MAX_VALUE).nanos()).isEqualTo(-1);
        assertThat(ProcessCpu.UNKNOWN.nanos()).isEqualTo(-1);
    }

    private static void spin() {
        long until = System.nanoTime() + 50_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
    }
}
