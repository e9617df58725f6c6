package io.rocketexpress.gateway.booking;

import io.rocketexpress.gateway.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Where a page of bookings ended: opaque to partners, stable while bookings are added. */
record BookingCursor(Instant createdAt, UUID id) {

    static BookingCursor of(Booking booking) {
        return new BookingCursor(booking.createdAt, booking.id);
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 for a cursor this API did not hand out */
    static BookingCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new BookingCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor from a previous page; "
                    + "pass the nextCursor of the last answer unchanged");
        }
    }
}
