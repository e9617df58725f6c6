package io.rocketexpress.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged application run as its own JVM, as a container would run it, with its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    /** What every application's JVM gets unless told otherwise: the same heap for all. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -jar app} with the given configuration as system properties.
     *
     * @throws IllegalStateException when the application was not built
     */
    public static ServiceProcess start(String name, Path app, Map<String, String> configuration, Path log) {
        return start(name, app, configuration, log, DEFAULT_JVM_OPTIONS);
    }

    /**
     * Starts {@code java <jvmOptions> -jar app} with the given configuration as system properties.
     *
     * @param jvmOptions the JVM's own options, the heap limit among them ({@code -Xmx384m})
     * @throws IllegalStateException when the application was not built
     */
    public static ServiceProcess start(String name, Path app, Map<String, String> configuration, Path log,
                                       List<String> jvmOptions) {
        requireBuilt(name, app);
        return launch(name, List.of("-jar", app.toString()), configuration, log, jvmOptions);
    }

    /** Starts {@code java -cp classpath mainClass} with the given configuration as system properties. */
    public static ServiceProcess startMain(String name, String classpath, String mainClass,
                                           Map<String, String> configuration, Path log) {
        return launch(name, List.of("-cp", classpath, mainClass), configuration, log, DEFAULT_JVM_OPTIONS);
    }

    private static ServiceProcess launch(String name, List<String> program, Map<String, String> configuration,
                                         Path log, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        configuration.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(program);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** @throws IllegalStateException when the application was not built */
    public static void requireBuilt(String name, Path app) {
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(name + " is not built: " + app + " is missing (run ./mvnw package first)");
        }
    }

    /** Waits until the health URL answers 200, failing early, with the log's end, if the process dies. */
    public void awaitReady(URI health, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + "; the end of " + log + ":\n" + tail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; the end of " + log
                + ":\n" + tail());
    }

    /** The operating system's id of the JVM: where {@code /proc/<pid>/status} tells its memory. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Stops the application and anything it started: politely first, then by force. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the application at once, as {@code kill -9} or a node losing power would: no shutdown hook runs, no
     * connection is closed politely, nothing in flight is finished.
     *
     * @return the process's exit code (137 for a JVM killed by SIGKILL)
     */
    public int kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        return process.exitValue();
    }

    /**
     * Freezes the application with SIGSTOP, as a process stuck in a long pause or a host that stopped scheduling
     * it would look: its port still accepts connections, but nothing is answered until {@link #resume()}.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused application run again with SIGCONT. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
