package io.rocketexpress.simulator;

/** A missing or malformed environment variable; its message is the one line printed on stderr. */
public final class BadEnvironmentException extends RuntimeException {

    public BadEnvironmentException(String message) {
        super(message);
    }
}
