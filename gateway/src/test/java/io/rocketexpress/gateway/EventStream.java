package io.rocketexpress.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client over real HTTP, as a partner's would be: it collects the stream's events (and
 * comments) as they arrive, on a thread of its own, until closed or the server ends the stream.
 */
public final class EventStream implements AutoCloseable {

    /** One SSE event: its name, id (null when none) and data; a comment line has name ":". */
    public record Event(String name, String id, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;
    private volatile boolean ended;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with the partner's key and any extra headers; returns once the response's head is in. */
    public static EventStream open(String url, String key, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        try {
            return new EventStream(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The events so far, comments included. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of that name so far. */
    public List<Event> named(String name) {
        return events.stream().filter(event -> event.name().equals(name)).toList();
    }

    /** True once the server closed the stream. */
    public boolean ended() {
        return ended;
    }

    private void read() {
        String name = "message";
        String id = null;
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, String.join("\n", data)));
                    }
                    name = "message";
                    id = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    events.add(new Event(":", null, line.substring(1).trim()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data.add(value);
                        default -> {
                            // retry and unknown fields do not matter here
                        }
                    }
                }
            }
        } catch (UncheckedIOException | IllegalStateException closed) {
            // close() cut the connection, or closed the lines before they were read
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
