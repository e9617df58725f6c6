package io.rocketexpress.gateway.problem;

import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Every kind of error the partner API answers, as RFC 9457 problem types. Each is documented under
 * its slug in the partner guide (src/docs/api.md, "Errors").
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", "The request body is not valid JSON of the expected shape", Response.Status.BAD_REQUEST),
    INVALID_REQUEST("invalid-request", "A field of the request is missing or out of range", Response.Status.BAD_REQUEST),
    INVALID_TRACKING_NUMBER("invalid-tracking-number", "Not a tracking number", Response.Status.BAD_REQUEST),
    UNAUTHENTICATED("unauthenticated", "A valid API key is required", Response.Status.UNAUTHORIZED),
    FORBIDDEN("forbidden", "This key may not do that", Response.Status.FORBIDDEN),
    NOT_FOUND("not-found", "No such resource", Response.Status.NOT_FOUND),
    CONFLICT("conflict", "The resource is not in a state that allows this", Response.Status.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", Response.Status.REQUEST_ENTITY_TOO_LARGE),
    URI_TOO_LONG("uri-too-long", "The request URI is too long", 414),
    NOT_ACCEPTABLE("not-acceptable", "None of the accepted media types can be answered", Response.Status.NOT_ACCEPTABLE),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", Response.Status.METHOD_NOT_ALLOWED),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The request body must be JSON", Response.Status.UNSUPPORTED_MEDIA_TYPE),
    UNPROCESSABLE("unprocessable", "The request is well-formed but cannot be carried out", 422),
    RATE_LIMITED("rate-limited", "Too many requests", Response.Status.TOO_MANY_REQUESTS),
    UNAVAILABLE("unavailable", "Temporarily unavailable", Response.Status.SERVICE_UNAVAILABLE),
    INTERNAL("internal", "Something went wrong on our side", Response.Status.INTERNAL_SERVER_ERROR);

    /** Base of every problem type URI; the slug follows. */
    public static final String BASE = "https://api.rocketexpress.io/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, Response.Status status) {
        this(slug, title, status.getStatusCode());
    }

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
