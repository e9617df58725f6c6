package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The gateway's one translation of failures into RFC 9457 problem+json answers: nothing leaks as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Duration databaseRetryAfter;

    ProblemMappers(GatewayConfig config) {
        this.databaseRetryAfter = config.gateway().databaseRetryAfter();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder response = respond(e.type(), e.getMessage(), e.errors(), request);
        e.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
    }

    @ServerExceptionMapper
    public Response relayed(RelayedProblem e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(e.contentType()).entity(e.body());
        e.retryAfter().ifPresent(after -> response.header(HttpHeaders.RETRY_AFTER, after));
        return response.build();
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return violations((ConstraintViolationException) e, request);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, HttpServerRequest request) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(v -> v.getPropertyPath().toString().contains("<return value>"))) {
            return unexpected(e, request);
        }
        return problem(ProblemException.invalid(violations.stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage())).toList()), request);
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public Response unreadable(JsonProcessingException e, HttpServerRequest request) {
        return respond(ProblemType.MALFORMED_REQUEST, describe(e), List.of(), request).build();
    }

    // Quarkus REST maps these to its own answer; ours is more specific than JsonProcessingException's.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        return unreadable(e, request);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return respond(ProblemType.NOT_FOUND, "there is nothing at " + request.path(), List.of(), request).build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpServerRequest request) {
        return respond(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "send the body as application/json (Content-Type: application/json)", List.of(), request).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        String allowed = String.join(", ", e.getResponse().getAllowedMethods());
        return respond(ProblemType.METHOD_NOT_ALLOWED, request.method() + " is not allowed on " + request.path()
                + "; allowed: " + allowed, List.of(), request).header(HttpHeaders.ALLOW, allowed).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, request);
        }
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 409 -> ProblemType.CONFLICT;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.MALFORMED_REQUEST;
        };
        return respond(type, e.getMessage(), List.of(), request).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return problem(explain(e, request.method().name(), request.path(), databaseRetryAfter), request);
    }

    /**
     * The problem to answer for a failure nothing more specific explains: 503 with Retry-After while the
     * database is out of reach (an outage, not a bug: the partner retries, and readiness reports it), else 500
     * with a reference that the log records beside the failure.
     */
    public static ProblemException explain(Throwable e, String method, String path, Duration databaseRetryAfter) {
        if (e instanceof ProblemException problem) {
            return problem;
        }
        if (DatabaseUnreachable.causedBy(e)) {
            LOG.debugf("database unreachable on %s %s: %s", method, path, e);
            return new ProblemException(ProblemType.UNAVAILABLE, "this region's database cannot be reached"
                    + " just now; retry after the time in Retry-After (a booking with the same Idempotency-Key: if it"
                    + " was made, it is answered as made, once)", List.of(), databaseRetryAfter);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s %s (reference %s)", method, path, reference);
        return new ProblemException(ProblemType.INTERNAL, "an unexpected error occurred; quote reference "
                + reference + " to Rocket Express support");
    }

    private static Response.ResponseBuilder respond(ProblemType type, String detail, List<Problem.FieldError> errors,
                                                    HttpServerRequest request) {
        Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, request.path(), errors);
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** {@code book.request.parcels[0].massKg} → {@code parcels[0].massKg}: the JSON path the partner sent. */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at " + path(mapping) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'" + where + "; known fields: "
                    + unknown.getKnownPropertyIds();
        }
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "'" + where + " is not a valid "
                    + simpleType(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return "expected " + simpleType(mismatch.getTargetType()) + where;
        }
        if (e instanceof JsonParseException parse) {
            return "the body is not valid JSON: " + parse.getOriginalMessage() + " (line "
                    + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")";
        }
        return "the body could not be read: " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "object";
    }
}
