package io.rocketexpress.gateway.pages;

import io.quarkus.qute.TemplateData;
import io.rocketexpress.model.tracking.TrackingStatus;

import java.util.List;

/**
 * What the tracking page's templates show: the form (with the number as typed and why it was not shown, if so),
 * and the parcel's journey once found.
 *
 * @param notice why no journey is shown: {@code typo}, {@code not-found}, {@code unavailable}, {@code off}; or null
 */
@TemplateData
public record TrackView(String typed, String notice, Journey parcel) {

    /** The parcel's journey as shown. */
    @TemplateData
    public record Journey(String number, String status, String statusSymbol, String origin, String destination,
                          String eta, String etaIso, boolean ended, List<Step> steps) {
    }

    /** One step of it. */
    @TemplateData
    public record Step(String status, String statusSymbol, String at, String atIso, String region) {
    }

    static Journey journey(PublicParcel parcel, Times times) {
        List<Step> steps = parcel.events().stream()
                .map(step -> new Step(step.status(), symbol(step.status()), times.show(step.at()),
                        Times.iso(step.at()), Places.name(step.region())))
                .toList();
        boolean ended = ended(parcel.status());
        return new Journey(parcel.trackingNumber(), parcel.status(), symbol(parcel.status()),
                Places.name(parcel.origin()), Places.name(parcel.destination()),
                parcel.estimatedDeliveryAt() == null ? null : times.show(parcel.estimatedDeliveryAt()),
                Times.iso(parcel.estimatedDeliveryAt()), ended, steps);
    }

    static boolean ended(String status) {
        try {
            return TrackingStatus.valueOf(status).isTerminal();
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return false;
        }
    }

    /** A symbol beside each status's name: exceptions stand out without relying on colour. */
    private static String symbol(String status) {
        try {
            TrackingStatus parsed = TrackingStatus.valueOf(status);
            if (parsed == TrackingStatus.DELIVERED) {
                return "\u2713";
            }
            return parsed.isException() ? "\u26A0" : "\u25CF";
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return "\u25CF";
        }
    }
}
