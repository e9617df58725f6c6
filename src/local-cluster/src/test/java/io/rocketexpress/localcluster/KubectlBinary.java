package io.rocketexpress.localcluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real kubectl, pointed at a local cluster; tests that use it are skipped where it is not installed. */
final class KubectlBinary {

    /** What one run printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** A kubectl that keeps running, such as {@code get -w}: its output so far, line by line. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Running(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException e) {
                    // the process was stopped
                }
            }, "kubectl-output");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> lines() {
            return lines;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        Process process() {
            return process;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    private final Path executable;
    private final Path kubeconfig;

    private KubectlBinary(Path executable, Path kubeconfig) {
        this.executable = executable;
        this.kubeconfig = kubeconfig;
    }

    /** The kubectl on the PATH, for {@code cluster} with {@code namespace} as default; skips the test when there is none. */
    static KubectlBinary forCluster(LocalCluster cluster, String namespace) {
        Optional<Path> found = find();
        assumeTrue(found.isPresent(), "kubectl is not installed");
        try {
            Path config = Files.createTempFile("kubeconfig", ".yaml");
            config.toFile().deleteOnExit();
            Files.writeString(config, cluster.kubeconfig(namespace));
            return new KubectlBinary(found.get(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable).findFirst();
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl to its end, with {@code stdin} as its input when given. */
    Result runWithInput(String stdin, String... args) {
        try {
            Process process = start(false, args);
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl did not end: " + List.of(args));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts kubectl and leaves it running; its error output is discarded. */
    Running background(String... args) {
        return new Running(start(true, args));
    }

    private Process start(boolean discardErrors, String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (discardErrors) {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
