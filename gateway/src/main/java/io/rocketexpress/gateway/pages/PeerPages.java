package io.rocketexpress.gateway.pages;

import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.partner.Authentication;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.tracking.EventRelay;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Optional;

/**
 * What other regions' gateways read of this one for their public pages, with the network's peer key alone (the
 * {@link Authentication} filter checks it): this region's departures to theirs, and the public journey of this
 * region's parcels. Not part of the partner API.
 */
@Path("/v1/peer")
@Produces(MediaType.APPLICATION_JSON)
public class PeerPages {

    static final String DEPARTURES = Authentication.PEER_READS + "departures";
    static final String PARCELS = Authentication.PEER_READS + "parcels/";

    private final Departures departures;
    private final PublicTracking tracking;
    private final Regions regions;

    PeerPages(Departures departures, PublicTracking tracking, Regions regions) {
        this.departures = departures;
        this.tracking = tracking;
        this.regions = regions;
    }

    @GET
    @Path("/departures")
    @Operation(hidden = true)
    public Uni<List<PublicFlight>> departures(@QueryParam("destination") String destination) {
        return departures.read(destination == null ? null : regions.require("destination", destination));
    }

    @GET
    @Path("/parcels/{trackingNumber}")
    @Operation(hidden = true)
    public Uni<PublicParcel> parcel(@PathParam("trackingNumber") String trackingNumber) {
        TrackingNumber number = ours(trackingNumber);
        return tracking.find(number).map(found -> found.orElseThrow(() -> notFound(number)));
    }

    @GET
    @Path("/parcels/{trackingNumber}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Uni<Void> follow(@PathParam("trackingNumber") String trackingNumber, @Context SseEventSink sink,
                            @Context Sse sse) {
        TrackingNumber number = ours(trackingNumber);
        Uni<Multi<OutboundSseEvent>> events = tracking.follow(number).map(found -> found
                .orElseThrow(() -> notFound(number))
                .map(parcel -> event(sse, parcel)));
        return EventRelay.relay(events, sink, sse);
    }

    private OutboundSseEvent event(Sse sse, Optional<PublicParcel> parcel) {
        return parcel.isEmpty() ? sse.newEventBuilder().comment("heartbeat").build()
                : sse.newEventBuilder().name("parcel").data(String.class, tracking.json(parcel.get())).build();
    }

    /** A number of this region: another gateway never asks for one of a third region here. */
    private TrackingNumber ours(String text) {
        TrackingNumber number;
        try {
            number = TrackingNumber.parse(text);
        } catch (InvalidTrackingNumberException e) {
            throw ProblemException.notFound("no parcel " + text);
        }
        if (tracking.elsewhere(number)) {
            throw notFound(number);
        }
        return number;
    }

    private static ProblemException notFound(TrackingNumber number) {
        return ProblemException.notFound("no public parcel " + number);
    }
}
