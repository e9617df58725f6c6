package io.rocketexpress.gateway.peer;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What a peer gateway answered: its status, the headers worth relaying, and either the whole body or, for an
 * event stream, its lines as they come.
 */
record PeerAnswer(int status, String contentType, String retryAfter, Buffer body, Multi<String> lines) {

    static PeerAnswer of(HttpClientResponse response, Buffer body) {
        return new PeerAnswer(response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE),
                response.getHeader(HttpHeaders.RETRY_AFTER), body, null);
    }

    static PeerAnswer stream(HttpClientResponse response, Multi<String> lines) {
        return new PeerAnswer(response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE), null, null, lines);
    }

    boolean hasContentType(String mediaType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(mediaType);
    }

    byte[] bytes() {
        return body == null ? new byte[0] : body.getBytes();
    }
}
