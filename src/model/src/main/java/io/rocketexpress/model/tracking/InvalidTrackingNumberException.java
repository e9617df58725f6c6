package io.rocketexpress.model.tracking;

/** A string that is not a tracking number; the message tells the partner what is wrong with it. */
public class InvalidTrackingNumberException extends IllegalArgumentException {

    public InvalidTrackingNumberException(String message) {
        super(message);
    }
}
