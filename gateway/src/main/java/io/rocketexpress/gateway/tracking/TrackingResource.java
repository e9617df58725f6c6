package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Where a parcel is, and the last mile's reports on it. */
@Path("/v1/tracking/{trackingNumber}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tracking")
@SecurityRequirement(name = "apiKey")
public class TrackingResource {

    private final ParcelTracking tracking;
    private final CallingPartner caller;
    private final TrackingStream stream;

    TrackingResource(ParcelTracking tracking, CallingPartner caller, TrackingStream stream) {
        this.tracking = tracking;
        this.caller = caller;
        this.stream = stream;
    }

    @GET
    @Operation(summary = "A parcel's current status and timeline",
            description = "A malformed number (a typo: the check character catches it) is 400; a number that is not "
                    + "one of your parcels is 404.")
    public Uni<TrackingView> track(@PathParam("trackingNumber") String trackingNumber) {
        return tracking.track(caller.id(), parse(trackingNumber));
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "A parcel's timeline as Server-Sent Events: the events so far, then each new one",
            description = "Each event is an SSE event named 'tracking' whose id is the event's id and whose data is "
                    + "the event as JSON. Send Last-Event-ID to resume after an event. A comment line keeps a quiet "
                    + "stream alive. After a final status (DELIVERED, CANCELLED, LOST) an event named 'end' follows "
                    + "and the stream closes. Errors before the stream starts are problem+json, as for the plain lookup.")
    public Multi<OutboundSseEvent> follow(@PathParam("trackingNumber") String trackingNumber,
                                          @HeaderParam("Last-Event-ID") String lastEventId,
                                          @Context Sse sse) {
        TrackingNumber number = parse(trackingNumber);
        long after = lastEventId(lastEventId);
        // StreamAccess checked before that the parcel is the caller's: once the stream's head is sent, a
        // refusal could no longer be a problem+json answer.
        return stream.follow(number.toString(), after).map(item -> sseEvent(sse, item));
    }

    private static OutboundSseEvent sseEvent(Sse sse, TrackingStream.Item item) {
        if (item instanceof TrackingStream.Event event) {
            return sse.newEventBuilder().name("tracking").id(Long.toString(event.id()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(TrackingView.Event.class, event.event()).build();
        }
        if (item instanceof TrackingStream.End end) {
            return sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Map.class, Map.of("status", end.status())).build();
        }
        return sse.newEventBuilder().comment("heartbeat").build();
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

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw ProblemException.invalid("Last-Event-ID", "'" + header + "' is not the id of an event of this stream");
    }

    static TrackingNumber parse(String trackingNumber) {
        try {
            return TrackingNumber.parse(trackingNumber);
        } catch (InvalidTrackingNumberException e) {
            throw new ProblemException(ProblemType.INVALID_TRACKING_NUMBER, e.getMessage());
        }
    }
}
