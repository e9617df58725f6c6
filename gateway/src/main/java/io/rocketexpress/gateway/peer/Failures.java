package io.rocketexpress.gateway.peer;

/** Short, readable causes for problem details and logs. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
