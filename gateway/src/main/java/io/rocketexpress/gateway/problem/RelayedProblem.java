package io.rocketexpress.gateway.problem;

import java.util.Optional;

/**
 * A problem another region's gateway answered for a request forwarded to it, relayed to the partner as it
 * came: its status, its problem+json body and its Retry-After. The partner reads the same answer whichever
 * region's gateway it asked.
 */
public class RelayedProblem extends RuntimeException {

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final String retryAfter;

    public RelayedProblem(int status, String contentType, byte[] body, String retryAfter) {
        super("relayed " + status, null, false, false);
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body;
    }

    public Optional<String> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
