package io.rocketexpress.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman, driven as a command, with the settings this kind of host needs: the runc runtime (crun fails on hybrid
 * cgroups) and explicit file and process limits. Every container it starts carries {@link #LABEL}, so a run
 * removes what an earlier, interrupted run left behind.
 */
final class Podman {

    static final String LABEL = "io.rocketexpress.containers-test=true";

    private Podman() {
    }

    /** What a podman command printed, and how it ended. */
    record Result(int exitCode, String out, String err) {

        Result orFail(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + err.strip());
            }
            return this;
        }
    }

    static Result exec(Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(arguments);
        try {
            Path out = Files.createTempFile("podman-", ".out");
            Path err = Files.createTempFile("podman-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("podman " + arguments + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("podman could not be started: install it (apt-get install podman runc)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result exec(String... arguments) {
        return exec(Duration.ofMinutes(2), List.of(arguments));
    }

    /** The options every container of these tests starts with: this host's runtime and limits, and the label. */
    static List<String> hostOptions() {
        return List.of("--runtime", "runc", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
                "--label", LABEL);
    }

    /** Removes every container these tests started, running or not. */
    static void removeAll() {
        String ids = exec("ps", "-aq", "--filter", "label=" + LABEL).orFail("listing the tests' containers").out();
        for (String id : ids.lines().filter(line -> !line.isBlank()).toList()) {
            exec("rm", "-f", "-t", "2", id);
        }
    }

    static String inspect(String target, String format) {
        return exec("inspect", "--format", format, target).orFail("podman inspect " + target).out().strip();
    }

    static String logs(String container) {
        Result logs = exec("logs", container);
        return logs.out() + logs.err();
    }

    /** The host port podman published a container port on (127.0.0.1). */
    static int hostPort(String container, int containerPort) {
        String mapping = exec("port", container, containerPort + "/tcp").orFail("podman port").out().strip();
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
    }
}
