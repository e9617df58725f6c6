package io.rocketexpress.gateway.peer;

import io.smallrye.mutiny.Multi;

import java.util.List;

/**
 * Reads the lines of a {@code text/event-stream} into events, as the HTML standard's parser does: fields
 * accumulate until a blank line dispatches them, a block without data dispatches nothing, a last block
 * without its blank line is dropped. Lines end with LF or CRLF (a lone CR is not taken as a line end).
 */
final class EventStream {

    private String id;
    private String name;
    private StringBuilder data;
    private Long retry;
    private boolean first = true;

    private EventStream() {
    }

    /** The events of a stream's lines; each subscription reads with a parser of its own. */
    static Multi<RelayedEvent> events(Multi<String> lines) {
        return Multi.createFrom().deferred(() -> {
            EventStream stream = new EventStream();
            return lines.onItem().transformToIterable(stream::line);
        });
    }

    private List<RelayedEvent> line(String line) {
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return List.of(RelayedEvent.comment(line.substring(1).stripLeading()));
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "event" -> name = value;
            case "data" -> (data == null ? data = new StringBuilder() : data.append('\n')).append(value);
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 19) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // Unknown fields are ignored, as every event-stream reader does.
            }
        }
        return List.of();
    }

    private List<RelayedEvent> dispatch() {
        RelayedEvent event = data == null ? null : new RelayedEvent(id, name, data.toString(), retry, null);
        // A reader keeps the last id for events without one; relaying only the ids the peer sent keeps that so.
        id = null;
        name = null;
        data = null;
        retry = null;
        return event == null ? List.of() : List.of(event);
    }
}
