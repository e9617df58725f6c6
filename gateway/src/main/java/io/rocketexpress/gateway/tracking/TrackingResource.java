package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where a parcel is, and the last mile's reports on it. */
@Path("/v1/tracking/{trackingNumber}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tracking")
@SecurityRequirement(name = "apiKey")
public class TrackingResource {

    private final ParcelTracking tracking;
    private final CallingPartner caller;

    TrackingResource(ParcelTracking tracking, CallingPartner caller) {
        this.tracking = tracking;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A parcel's current status and timeline",
            description = "A malformed number (a typo: the check character catches it) is 400; a number that is not "
                    + "one of your parcels is 404.")
    public Uni<TrackingView> track(@PathParam("trackingNumber") String trackingNumber) {
        return tracking.track(caller.id(), parse(trackingNumber));
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report OUT_FOR_DELIVERY, DELIVERED (with recipient and proof) or DELIVERY_FAILED",
            description = "Reports must follow the delivery's order: OUT_FOR_DELIVERY after RECOVERED or "
                    + "DELIVERY_FAILED, DELIVERED or DELIVERY_FAILED after OUT_FOR_DELIVERY; otherwise 409.")
    public Uni<TrackingView> report(@PathParam("trackingNumber") String trackingNumber,
                                    @Valid @NotNull LastMileReport report) {
        return tracking.report(caller.id(), parse(trackingNumber), report);
    }

    private static TrackingNumber parse(String trackingNumber) {
        try {
            return TrackingNumber.parse(trackingNumber);
        } catch (InvalidTrackingNumberException e) {
            throw new ProblemException(ProblemType.INVALID_TRACKING_NUMBER, e.getMessage());
        }
    }
}
