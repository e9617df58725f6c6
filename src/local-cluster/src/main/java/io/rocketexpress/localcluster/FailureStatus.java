package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** How the API server answers a request it refuses or fails: a {@code v1 Status} whose status is Failure. */
final class FailureStatus {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FailureStatus() {
    }

    /** The Status itself, as a watch's ERROR event carries it. */
    static ObjectNode of(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = NODES.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        return status.put("code", code);
    }

    /** The answer with that Status as its body and its code as the HTTP status. */
    static MockResponse response(int code, String reason, String message, ObjectNode details) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(of(code, reason, message, details).toString());
    }

    static MockResponse response(int code, String reason, String message) {
        return response(code, reason, message, null);
    }
}
