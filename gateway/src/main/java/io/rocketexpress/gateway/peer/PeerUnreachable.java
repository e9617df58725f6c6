package io.rocketexpress.gateway.peer;

/** No connection to a peer gateway could be made: nothing was sent, so any request may be tried again. */
class PeerUnreachable extends RuntimeException {

    PeerUnreachable(String region, Throwable cause) {
        super("the gateway of region " + region + " cannot be reached: " + Failures.describe(cause), cause);
    }
}
