package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems answered by the routes that run ahead of the REST layer (request limits, peer signatures), in the
 * same shape as the REST layer's own: problem+json, the request path as its instance.
 */
public final class RouteProblems {

    /** Longer paths are left out of the answer rather than echoed back. */
    private static final int INSTANCE_LIMIT = 200;

    private RouteProblems() {
    }

    /** Ends the request with the problem; headers already set on the response are kept. */
    public static void answer(RoutingContext context, ObjectMapper json, ProblemType type, String detail) {
        answer(context, json, new ProblemException(type, detail));
    }

    /** Ends the request with the problem, its field errors and its Retry-After, as the REST layer answers it. */
    public static void answer(RoutingContext context, ObjectMapper json, ProblemException failure) {
        ProblemType type = failure.type();
        String path = context.request().path();
        Problem problem = new Problem(type.uri(), type.title(), type.status(), failure.getMessage(),
                path == null || path.length() > INSTANCE_LIMIT ? null : path, failure.errors());
        failure.retryAfterSeconds().ifPresent(seconds -> context.response().putHeader(HttpHeaders.RETRY_AFTER,
                seconds));
        try {
            context.response().setStatusCode(type.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
