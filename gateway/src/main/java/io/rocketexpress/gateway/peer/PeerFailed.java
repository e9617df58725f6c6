package io.rocketexpress.gateway.peer;

/**
 * A peer gateway failed after the request may have reached it: a 5xx answer, an answer that is not one, or a
 * connection lost midway. A lookup may be tried again; a report may already be recorded, so it is not.
 */
class PeerFailed extends RuntimeException {

    PeerFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
