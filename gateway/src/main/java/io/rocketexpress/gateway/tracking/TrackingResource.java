package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.peer.PeerTracking;
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
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    private final PeerTracking peers;
    private final CallingPartner caller;
    private final TrackingStream stream;
    private final StreamLimits limits;

    TrackingResource(ParcelTracking tracking, PeerTracking peers, CallingPartner caller, TrackingStream stream,
                     StreamLimits limits) {
        this.limits = limits;
        this.tracking = tracking;
        this.peers = peers;
        this.caller = caller;
        this.stream = stream;
    }

    @GET
    @Operation(summary = "A parcel's current status and timeline",
            description = "Any region's gateway answers any tracking number: a parcel of another region is looked "
                    + "up at that region's gateway. A malformed number (a typo: the check character catches it) "
                    + "is 400; a number that is not one of your parcels is 404; 503 with Retry-After when the "
                    + "parcel's region cannot be asked just now.")
    @APIResponse(responseCode = "200", description = "The parcel's status and timeline")
    @APIResponse(responseCode = "503", description = "The gateway of the parcel's region cannot be reached; retry "
            + "after Retry-After", content = @Content(mediaType = "application/problem+json"))
    public Uni<TrackingView> track(@PathParam("trackingNumber") String trackingNumber) {
        TrackingNumber number = parse(trackingNumber);
        if (peers.elsewhere(number)) {
            return peers.track(caller, number);
        }
        return tracking.track(caller.id(), number);
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report OUT_FOR_DELIVERY, DELIVERED (with recipient and proof) or DELIVERY_FAILED",
            description = "Reports must follow the delivery's order: OUT_FOR_DELIVERY after RECOVERED or "
                    + "DELIVERY_FAILED, DELIVERED or DELIVERY_FAILED after OUT_FOR_DELIVERY; otherwise 409. Report "
                    + "at any region's gateway: a parcel of another region is reported to that region's gateway, "
                    + "once. 503 with Retry-After when it cannot be reached: the report may not be recorded; send "
                    + "it again then (if it was, the repeat is 409).")
    @APIResponse(responseCode = "200", description = "Recorded; the parcel's status and timeline")
    @APIResponse(responseCode = "503", description = "The gateway of the parcel's region cannot be reached; send "
            + "the report again after Retry-After", content = @Content(mediaType = "application/problem+json"))
    public Uni<TrackingView> report(@PathParam("trackingNumber") String trackingNumber,
                                    @Valid @NotNull LastMileReport report) {
        TrackingNumber number = parse(trackingNumber);
        if (peers.elsewhere(number)) {
            return peers.report(caller, number, report);
        }
        return tracking.report(caller.id(), number, report);
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "A parcel's timeline as Server-Sent Events: the events so far, then each new one",
            description = "Each event is an SSE event named 'tracking' whose id is the event's id (resume after it "
                    + "with the Last-Event-ID header) and whose data is the event as JSON. A comment line keeps a "
                    + "quiet stream alive. After a final status (DELIVERED, CANCELLED, LOST) an event named 'end' "
                    + "follows and the stream closes. A parcel of another region is streamed from that region's "
                    + "gateway. Errors come before the stream starts, as problem+json: 404 for a parcel that is not "
                    + "yours, 429 with Retry-After when you hold as many streams as allowed (100 by default), 503 with "
                    + "Retry-After when the parcel's region cannot be reached. A stream lasts at most an hour by default, "
                    + "then ends: reconnect with Last-Event-ID to go on where it stopped.")
    @APIResponse(responseCode = "200", description = "The stream: the timeline so far, then live events",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = TrackingView.Event.class)))
    @APIResponse(responseCode = "503", description = "The gateway of the parcel's region cannot be reached; retry "
            + "after Retry-After", content = @Content(mediaType = "application/problem+json"))
    public Uni<Void> follow(@PathParam("trackingNumber") String trackingNumber,
                            @HeaderParam("Last-Event-ID") String lastEventId,
                            @Context SseEventSink sink, @Context Sse sse) {
        TrackingNumber number = parse(trackingNumber);
        boolean elsewhere = peers.elsewhere(number);
        long after = elsewhere ? 0 : lastEventId(lastEventId);
        StreamLimits.Permit permit = limits.open(caller.name());
        Uni<Multi<OutboundSseEvent>> events = elsewhere ? peers.stream(caller, number, lastEventId, sse)
                : tracking.requireOwned(caller.id(), number)
                .map(owned -> stream.follow(number.toString(), after).map(item -> sseEvent(sse, item)));
        return EventRelay.relay(events.map(limits::bounded), sink, sse, permit);
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

    private static TrackingNumber parse(String trackingNumber) {
        try {
            return TrackingNumber.parse(trackingNumber);
        } catch (InvalidTrackingNumberException e) {
            throw new ProblemException(ProblemType.INVALID_TRACKING_NUMBER, e.getMessage());
        }
    }
}
