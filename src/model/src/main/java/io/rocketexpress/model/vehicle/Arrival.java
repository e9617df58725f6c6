package io.rocketexpress.model.vehicle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.RocketExpress;

import java.util.Map;
import java.util.Optional;

/**
 * How a vehicle came to the cluster it is in: the Launch that flew it there and the state it arrived in.
 * A vehicle's resource lives in the cluster of the region it is at; when a flight ends in another
 * region, the destination's operator creates the resource in its own cluster from the Recovery's snapshot,
 * with this record as an annotation, and writes the same state to its status; the origin's operator then
 * deletes the resource at the origin. Whichever reconciler initialises the status first (the Recovery's or
 * the vehicle's own) starts from this record, so the vehicle never arrives as a fresh, available one.
 *
 * @param launch      namespace/name of the Launch in the origin region's cluster
 * @param from        region the vehicle left
 * @param region      region it arrived at
 * @param flights     recovered flights, the one just ended included
 * @param availableAt when its refurbishment ends (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Arrival(String launch, String from, String region, int flights, String availableAt) {

    /** Annotation holding the record, as JSON, on a vehicle's resource in its new cluster. */
    public static final String ANNOTATION = RocketExpress.GROUP + "/arrival";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** The arrival recorded on this vehicle, if it came by a flight from another cluster. */
    public static Optional<Arrival> of(Vehicle vehicle) {
        Map<String, String> annotations = vehicle.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            Arrival arrival = JSON.unmarshal(json, Arrival.class);
            return arrival.region() == null ? Optional.empty() : Optional.of(arrival);
        } catch (RuntimeException unreadable) {
            // Someone edited it by hand: see unreadable().
            return Optional.empty();
        }
    }

    /**
     * True when the vehicle carries an arrival annotation that does not read as one (edited by hand, say): it
     * must not be taken for a fresh vehicle.
     */
    public static boolean unreadable(Vehicle vehicle) {
        Map<String, String> annotations = vehicle.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(ANNOTATION);
        return json != null && of(vehicle).isEmpty();
    }

    /** Whether the Launch named namespace/name brought the vehicle here. */
    public boolean broughtBy(String launchKey) {
        return launchKey.equals(launch);
    }

    public String toJson() {
        return JSON.asJson(this);
    }

    /** The status the vehicle starts with in its new cluster: refurbishing where it landed. */
    public VehicleStatus status() {
        VehicleStatus status = new VehicleStatus();
        status.setPhase(VehiclePhase.Refurbishing);
        status.setRegion(region);
        status.setFlights(flights);
        status.setAvailableAt(availableAt);
        status.setLaunch(launch.substring(launch.indexOf('/') + 1));
        return status;
    }
}
