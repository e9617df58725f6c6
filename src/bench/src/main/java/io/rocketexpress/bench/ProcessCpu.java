package io.rocketexpress.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The CPU time a process has used, user and system, read from outside through Linux's {@code /proc}. Throughput on
 * two shared cores moves with the machine from run to run; the CPU a server spends per request moves far less, and
 * says whether a gap to the baseline is the server's own work or the database's.
 */
final class ProcessCpu {

    /** Where {@code /proc} cannot tell: every reading is -1. */
    static final ProcessCpu UNKNOWN = new ProcessCpu(() -> -1);

    /**
     * The unit of {@code /proc/<pid>/stat}'s times: Linux reports them in USER_HZ, 100 a second on every architecture
     * it runs on, whatever the kernel's own tick.
     */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final LongSupplier nanos;

    ProcessCpu(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The process's own threads. */
    static ProcessCpu of(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        return new ProcessCpu(() -> {
            long[] times = times(stat);
            return times == null ? -1 : (times[0] + times[1]) * NANOS_PER_TICK;
        });
    }

    /**
     * The process and its children, as PostgreSQL's postmaster and its backends and workers: the children alive now,
     * and those that have ended, which the kernel adds to their parent's figures once it has reaped them.
     */
    static ProcessCpu withChildren(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        return new ProcessCpu(() -> {
            long[] own = times(stat);
            if (own == null) {
                return -1;
            }
            long ticks = own[0] + own[1] + own[2] + own[3];
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String name = process.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit) || name.equals(Long.toString(pid))) {
                        continue;
                    }
                    long[] child = times(process.resolve("stat"));
                    if (child != null && child[4] == pid) {
                        ticks += child[0] + child[1];
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return ticks * NANOS_PER_TICK;
        });
    }

    /** CPU time used so far, in nanoseconds; -1 when it cannot be read. */
    long nanos() {
        return nanos.getAsLong();
    }

    /**
     * utime, stime, cutime, cstime and the parent's pid from a {@code stat} file, or null when it cannot be read (the
     * process ended, or there is no {@code /proc}). The command name, in parentheses, may hold spaces: fields are
     * counted from its closing one.
     */
    static long[] times(Path stat) {
        try {
            return parse(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long[] parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // After the name: state (0), ppid (1), ... utime (11), stime (12), cutime (13), cstime (14).
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                Long.parseLong(fields[14]), Long.parseLong(fields[1])};
    }
}
