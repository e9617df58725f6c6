package io.rocketexpress.sandbox;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;

/** A log file that many threads append lines to, each stamped with the time; flushed line by line. */
final class LogFile implements Consumer<String>, AutoCloseable {

    private final BufferedWriter writer;

    LogFile(Path path) {
        try {
            Files.createDirectories(path.getParent());
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + path, e);
        }
    }

    @Override
    public synchronized void accept(String line) {
        try {
            writer.write(Instant.now() + " " + line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            // A full disk must not stop a mission; the line is lost, nothing else.
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
