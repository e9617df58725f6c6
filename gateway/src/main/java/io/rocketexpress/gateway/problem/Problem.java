package io.rocketexpress.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail: what every error of the partner API looks like.
 *
 * @param type     identifies the kind of problem; documented in the partner guide
 * @param title    short summary of the kind of problem
 * @param status   the HTTP status code
 * @param detail   what went wrong with this request and how to fix it
 * @param instance the request path
 * @param errors   for invalid requests, one entry per offending field
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * @param field   JSON path of the field, like {@code parcels[2].massKg}
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }
}
