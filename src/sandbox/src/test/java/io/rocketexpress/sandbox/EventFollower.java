package io.rocketexpress.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A partner following one parcel's tracking stream (Server-Sent Events) as an EventSource does: it keeps the id of
 * the last event it got and, when the stream drops, connects again with that id as Last-Event-ID.
 */
final class EventFollower {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final URI gateway;
    private final String key;
    private final String trackingNumber;
    /** Every event id received, over all connections, in the order received. */
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile boolean open;
    private volatile boolean ended;
    private volatile int connections;

    EventFollower(URI gateway, String key, String trackingNumber) {
        this.gateway = gateway;
        this.key = key;
        this.trackingNumber = trackingNumber;
    }

    /** Opens the stream, resuming after the last event received if there was one; events are read on a thread. */
    void connect() {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/v1/tracking/" + trackingNumber + "/events"))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (!received.isEmpty()) {
            request.header("Last-Event-ID", Long.toString(received.get(received.size() - 1)));
        }
        open = true;
        connections++;
        Thread reader = new Thread(() -> read(request.build()), "stream-" + trackingNumber);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            try (Stream<String> lines = response.body()) {
                String id = null;
                String event = null;
                Iterator<String> iterator = lines.iterator();
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.isEmpty()) {
                        if ("end".equals(event)) {
                            ended = true;
                        } else if (id != null) {
                            received.add(Long.parseLong(id));
                        }
                        id = null;
                        event = null;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    }
                }
            }
        } catch (IOException | UncheckedIOException dropped) {
            // The gateway went away mid-stream: the partner reconnects.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
        }
    }

    String trackingNumber() {
        return trackingNumber;
    }

    List<Long> received() {
        return List.copyOf(received);
    }

    /** The status of the last connection's answer, 0 before one came. */
    int status() {
        return status;
    }

    boolean open() {
        return open;
    }

    /** Whether the stream said the journey is over ({@code end}). */
    boolean ended() {
        return ended;
    }

    int connections() {
        return connections;
    }
}
