package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;


/**
 * The limits on a request's size, answered as problem+json like every other refusal rather than with the HTTP
 * layer's bare status lines:
 * <ul>
 *   <li>a body announced larger than the limit is refused before anything reads it;</li>
 *   <li>a chunked body that outgrows the limit while it is read is refused when the body reader gives up;</li>
 *   <li>a URI longer than {@code rocketexpress.gateway.max-uri-length} is refused before routing. The HTTP
 *       layer's own line limit ({@code quarkus.http.limits.max-initial-line-length}) is set well above it, so
 *       that only a request line longer than that still meets the bare {@code 414} of the HTTP layer.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestLimits {

    private final long bodyLimit;
    private final int uriLimit;
    private final ObjectMapper json;
    private final BodyHandler chunked;

    RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize bodyLimit,
                  @ConfigProperty(name = "rocketexpress.gateway.max-uri-length", defaultValue = "8192") int uriLimit,
                  ObjectMapper json) {
        this.bodyLimit = bodyLimit.asLongValue();
        this.uriLimit = uriLimit;
        this.json = json;
        this.chunked = BodyHandler.create(false).setBodyLimit(this.bodyLimit);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > uriLimit) {
            refuse(context, ProblemType.URI_TOO_LONG, "the request URI has " + context.request().uri().length()
                    + " characters; at most " + uriLimit + " are accepted");
            return;
        }
        String announced = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = announced == null ? -1 : Long.parseLong(announced.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // A body of no announced length is read here, within the limit; the REST layer takes it from the
            // context then (it would otherwise read a chunked body of any size).
            chunked.handle(context);
            return;
        }
        if (length <= bodyLimit) {
            context.next();
            return;
        }
        refuse(context, ProblemType.PAYLOAD_TOO_LARGE, "the body has " + length + " bytes; " + bodyAdvice());
    }

    /** The body reader fails the request with 413 when a chunked body outgrows the limit. */
    private void failed(RoutingContext context) {
        if (context.statusCode() == ProblemType.PAYLOAD_TOO_LARGE.status() && !context.response().headWritten()) {
            refuse(context, ProblemType.PAYLOAD_TOO_LARGE, "the body outgrew the limit while it was sent; "
                    + bodyAdvice());
            return;
        }
        context.next();
    }

    private String bodyAdvice() {
        return "at most " + bodyLimit + " bytes are accepted: split the parcels over several bookings";
    }

    private void refuse(RoutingContext context, ProblemType type, String detail) {
        // The rest of an oversized request is not read: the connection goes with the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        RouteProblems.answer(context, json, type, detail);
    }
}
