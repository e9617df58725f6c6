package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;

/**
 * One watch over plain HTTP, as the API server streams it: a chunked response of newline-separated
 * {@code {"type":…,"object":…}} events that stays open until the client goes or {@code timeoutSeconds} is up.
 * <p>
 * Without a resourceVersion (or with {@code 0}, or with {@code sendInitialEvents=true}) it starts with an
 * ADDED event for every object that matches, then follows the changes; with one it follows the changes made
 * after that version, or answers an ERROR event with a 410 Expired status when the version has been
 * compacted away, which tells clients to list again. A change that takes an object into the selection is
 * ADDED, out of it DELETED. With {@code allowWatchBookmarks=true} it sends a BOOKMARK at intervals, and after
 * the initial events when they were asked for with {@code sendInitialEvents}.
 * <p>
 * The dispatcher returns it in place of a response; {@link ApiHttpServer} then {@link #open}s it.
 */
final class WatchStream extends MockResponse {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

    /** What a watch request asks for, read from its query. */
    record Request(AttributeSet collection, Selector selector, String resourceVersion, boolean sendInitialEvents,
                   boolean bookmarks, Duration timeout) {
    }

    /** What the stream reads: the objects stored now, as a list, and the log of changes. */
    record Source(Supplier<String> list, ChangeLog changes, String apiVersion, String kind,
                  UnaryOperator<JsonNode> table, Duration bookmarkInterval) {
    }

    private final Request request;
    private final Source source;
    private HttpServerResponse response;
    private ChangeLog.Following following;
    private volatile long seen;
    private boolean headersSent;
    private long bookmarkTimer = -1;
    private long timeoutTimer = -1;
    private Vertx vertx;

    WatchStream(Request request, Source source) {
        this.request = request;
        this.source = source;
        setResponseCode(HttpURLConnection.HTTP_OK);
    }

    /** True when a request's query asks to watch. */
    static boolean isWatch(HttpUrl url) {
        String watch = url.queryParameter("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    /** Starts streaming on {@code response}; called on the server's event loop. */
    void open(HttpServerResponse response, Vertx vertx) {
        this.response = response;
        this.vertx = vertx;
        response.setChunked(true).setStatusCode(HttpURLConnection.HTTP_OK)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        response.closeHandler(ignored -> close());
        response.exceptionHandler(ignored -> close());
        response.writeHead();
        long from;
        String version = request.resourceVersion();
        boolean initialEvents = request.sendInitialEvents() || version == null || version.isEmpty() || "0".equals(version);
        if (initialEvents) {
            JsonNode list = read(source.list().get());
            from = Long.parseLong(list.path("metadata").path("resourceVersion").asText("0"));
            for (JsonNode item : list.path("items")) {
                if (request.selector().matches(item)) {
                    send("ADDED", item);
                }
            }
            seen = from;
            if (request.sendInitialEvents() && request.bookmarks()) {
                sendBookmark(true);
            }
        } else {
            try {
                from = Long.parseLong(version);
            } catch (NumberFormatException e) {
                response.end(event("ERROR", FailureStatus.of(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                        "invalid resource version: " + version, null)));
                return;
            }
            seen = from;
        }
        try {
            following = source.changes().follow(from, this::deliver);
        } catch (ChangeLog.Expired expired) {
            response.end(event("ERROR", FailureStatus.of(410, "Expired",
                    "too old resource version: " + from + " (" + expired.oldest + ")", null)));
            return;
        }
        if (request.bookmarks()) {
            long every = Math.max(1, source.bookmarkInterval().toMillis());
            bookmarkTimer = vertx.setPeriodic(every, ignored -> sendBookmark(false));
        }
        if (request.timeout() != null) {
            timeoutTimer = vertx.setTimer(Math.max(1, request.timeout().toMillis()), ignored -> {
                close();
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            });
        }
    }

    private void deliver(ChangeLog.Change change) {
        JsonNode before = change.oldObject() == null ? null : read(change.oldObject());
        JsonNode after = change.newObject() == null ? null : read(change.newObject());
        boolean wasSelected = before != null && change.oldKey() != null
                && change.oldKey().matches(request.collection()) && request.selector().matches(before);
        boolean isSelected = after != null && change.newKey() != null
                && change.newKey().matches(request.collection()) && request.selector().matches(after);
        if (wasSelected && isSelected) {
            send("MODIFIED", after);
        } else if (isSelected) {
            send("ADDED", after);
        } else if (wasSelected) {
            // as the API server does: the object as it was last selected, at the version that took it away
            send("DELETED", withVersion(before, change.version()));
        }
        seen = Math.max(seen, change.version());
    }

    private static JsonNode withVersion(JsonNode object, long version) {
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.with("metadata")).put("resourceVersion", String.valueOf(version));
        return copy;
    }

    private void sendBookmark(boolean initialEventsEnd) {
        ObjectNode bookmark = NODES.objectNode().put("kind", source.kind()).put("apiVersion", source.apiVersion());
        ObjectNode metadata = bookmark.putObject("metadata").put("resourceVersion", String.valueOf(seen));
        if (initialEventsEnd) {
            metadata.putObject("annotations").put(INITIAL_EVENTS_END, "true");
        }
        write(event("BOOKMARK", bookmark));
    }

    private void send(String type, JsonNode object) {
        JsonNode shown = object;
        if (source.table() != null) {
            ObjectNode table = (ObjectNode) source.table().apply(object);
            if (headersSent) {
                // as the API server does, only the first table of a watch carries the column definitions
                table.remove("columnDefinitions");
            }
            headersSent = true;
            shown = table;
        }
        write(event(type, shown));
    }

    private void write(String line) {
        if (response != null && !response.ended() && !response.closed()) {
            response.write(line);
        }
    }

    private static String event(String type, JsonNode object) {
        ObjectNode event = NODES.objectNode().put("type", type);
        event.set("object", object);
        return event + "\n";
    }

    private synchronized void close() {
        if (following != null) {
            following.close();
            following = null;
        }
        if (bookmarkTimer >= 0) {
            vertx.cancelTimer(bookmarkTimer);
            bookmarkTimer = -1;
        }
        if (timeoutTimer >= 0) {
            vertx.cancelTimer(timeoutTimer);
            timeoutTimer = -1;
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "WatchStream" + request;
    }
}
