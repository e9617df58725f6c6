package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A watch over plain HTTP, as kubectl opens it, read line by line as the events arrive. */
final class WatchLines implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final HttpResponse<Stream<String>> response;

    private WatchLines(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(() -> {
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> events.add(read(line)));
            } catch (RuntimeException e) {
                // the test closed the stream
            }
            ended.complete(null);
        }, "watch-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static WatchLines open(LocalCluster cluster, String pathAndQuery, String accept) {
        String server = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            return new WatchLines(http.send(HttpRequest.newBuilder(URI.create(server + pathAndQuery))
                    .header("Accept", accept).header("Authorization", "Bearer test-token").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static WatchLines open(LocalCluster cluster, String pathAndQuery) {
        return open(cluster, pathAndQuery, "application/json");
    }

    HttpResponse<?> response() {
        return response;
    }

    /** The next event, waiting up to ten seconds for it; fails when none comes. */
    JsonNode next() {
        try {
            JsonNode event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no watch event within 10 s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "TYPE name" of the next event. */
    String nextSummary() {
        JsonNode event = next();
        return event.path("type").asText() + " " + event.path("object").path("metadata").path("name").asText();
    }

    /** True once the server has ended the response. */
    boolean ended() {
        return ended.isDone();
    }

    boolean hasNoPendingEvent() {
        return events.isEmpty();
    }

    @Override
    public void close() {
        response.body().close();
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
