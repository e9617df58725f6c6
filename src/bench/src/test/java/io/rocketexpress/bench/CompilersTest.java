package io.rocketexpress.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The warm-up's view of a JVM's compilers. */
class CompilersTest {

    @Test
    void readsTheCompilerThreadsTimeOfARunningJvm() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux shows threads in /proc");

        // JUnit and AssertJ were compiled on their way here: this JVM's compiler threads have run.
        assertThat(Compilers.of(ProcessHandle.current().pid()).cpuNanos()).isPositive();
    }

    @Test
    void keepsTheLoadOnWhileTheCompilersWork() throws Exception {
        AtomicLong used = new AtomicLong();
        // Half a core's worth of compiling between any two looks.
        Compilers busy = new Compilers(() -> used.addAndGet(Compilers.WINDOW.toNanos() / 2));

        long started = System.nanoTime();
        assertThat(busy.awaitQuiet(Duration.ofSeconds(5))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Compilers.WINDOW.multipliedBy(2));
    }

    @Test
    void endsTheWarmUpAfterOneQuietWindow() throws Exception {
        AtomicLong looks = new AtomicLong();
        // A little compiling, under the quiet share.
        Compilers resting = new Compilers(() -> looks.incrementAndGet() * 1_000_000);

        long started = System.nanoTime();
        assertThat(resting.awaitQuiet(Duration.ofSeconds(30))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Compilers.WINDOW.multipliedBy(2));
        assertThat(looks.get()).isEqualTo(2);
    }

    @Test
    void aCompilerThreadEndingIsNotTakenForQuiet() throws Exception {
        long[] readings = {5_000_000_000L, 1_000_000_000L, 1_000_000_000L};
        AtomicLong look = new AtomicLong();
        Compilers shrinking = new Compilers(() -> readings[(int) Math.min(look.getAndIncrement(), 2)]);

        assertThat(shrinking.awaitQuiet(Duration.ofSeconds(30))).isTrue();
        assertThat(look.get()).as("quiet only after a window that did not shrink").isEqualTo(3);
    }

    @Test
    void cannotTellForAProcessThatIsNotThere() throws Exception {
        Compilers gone = Compilers.of(Long.MAX_VALUE);

        assertThat(gone.cpuNanos()).isEqualTo(-1);
        assertThat(gone.awaitQuiet(Duration.ofSeconds(5))).isFalse();
    }
}
