package io.rocketexpress.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A server JVM's just-in-time compilers, watched from outside through Linux's {@code /proc}: the CPU time of its
 * threads named {@code C1 CompilerThread…} and {@code C2 CompilerThread…}. A workload's warm-up lasts until they
 * are quiet, so that neither server is measured while its compiler still takes a share of the two cores: a larger
 * program (the gateway) keeps compiling for longer after its load changes than a small one (the baseline).
 */
final class Compilers {

    /** At most this share of one core spent compiling, over {@link #WINDOW}, counts as quiet. */
    static final double QUIET_SHARE = 0.05;
    static final Duration WINDOW = Duration.ofSeconds(2);

    private final LongSupplier cpuNanos;

    Compilers(LongSupplier cpuNanos) {
        this.cpuNanos = cpuNanos;
    }

    /** The compilers of the process; where /proc does not show its threads, {@link #cpuNanos()} is -1. */
    static Compilers of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        return new Compilers(() -> cpuNanos(tasks));
    }

    /** CPU time the compiler threads have used since the JVM started, in nanoseconds; -1 when it cannot be read. */
    long cpuNanos() {
        return cpuNanos.getAsLong();
    }

    private static long cpuNanos(Path tasks) {
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long total = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                total += compilerNanos(thread);
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** A thread's time on a CPU (first field of its schedstat), when it is a compiler thread; else 0. */
    private static long compilerNanos(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).trim();
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            String schedstat = Files.readString(thread.resolve("schedstat")).trim();
            return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            // The thread ended meanwhile (a compiler thread may be stopped when idle), or the kernel shows no schedstat.
            return 0;
        }
    }

    /**
     * Waits, while the load goes on, until the compilers have been quiet for a whole window or the time is up.
     *
     * @return true when they went quiet; false when the time ran out or /proc cannot tell
     */
    boolean awaitQuiet(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long before = cpuNanos();
        if (before < 0) {
            return false;
        }
        while (System.nanoTime() + WINDOW.toNanos() <= deadline) {
            Thread.sleep(WINDOW.toMillis());
            long now = cpuNanos();
            if (now < 0) {
                return false;
            }
            // Less than before: a compiler thread ended (they come and go with demand); the next window tells.
            if (now >= before && now - before <= QUIET_SHARE * WINDOW.toNanos()) {
                return true;
            }
            before = now;
        }
        return false;
    }
}
