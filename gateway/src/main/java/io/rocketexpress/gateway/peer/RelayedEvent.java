package io.rocketexpress.gateway.peer;

/**
 * One event of a Server-Sent Events stream, as the peer sent it: relayed field by field, so its id (which a
 * partner resumes from with Last-Event-ID), its name and its data reach the partner unchanged.
 *
 * @param comment a comment line (a keep-alive), sent on its own; the other fields are then null
 */
record RelayedEvent(String id, String name, String data, Long retry, String comment) {

    static RelayedEvent comment(String text) {
        return new RelayedEvent(null, null, null, null, text);
    }

    boolean isComment() {
        return comment != null;
    }
}
