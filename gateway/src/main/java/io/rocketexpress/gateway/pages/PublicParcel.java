package io.rocketexpress.gateway.pages;

import java.time.Instant;
import java.util.List;

/**
 * A parcel's journey as anyone with its tracking number may see it: statuses, times and regions. Never the
 * partner, the recipient, the proof of delivery, the booking or the events' details. It is also what another
 * region's gateway reads of this one's parcels for its tracking page.
 *
 * @param estimatedDeliveryAt when it should be at the door; null once the journey ended or while unknown
 * @param lastEvent           id of the latest event, where a live page goes on from
 */
public record PublicParcel(String trackingNumber, String status, String origin, String destination,
                           Instant estimatedDeliveryAt, List<Step> events, long lastEvent) {

    /** One step of the journey. */
    public record Step(String status, Instant at, String region) {
    }
}
