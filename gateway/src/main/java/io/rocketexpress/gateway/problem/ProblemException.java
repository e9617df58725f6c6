package io.rocketexpress.gateway.problem;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Ends a request with a problem+json answer of the given type and detail. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    /** A request with these fields wrong: the errors by field, and each in the detail. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        List<Problem.FieldError> sorted = errors.stream().sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return new ProblemException(ProblemType.INVALID_REQUEST, sorted.stream()
                .map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")), sorted, null);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** For 429 and 503: when the partner may try again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** {@link #retryAfter()} as the Retry-After header gives it: whole seconds, rounded up, at least one. */
    public Optional<String> retryAfterSeconds() {
        return retryAfter().map(after -> Long.toString(Math.max(1, (after.toMillis() + 999) / 1000)));
    }
}
