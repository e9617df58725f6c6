package io.rocketexpress.gateway.tracking;

import io.rocketexpress.gateway.partner.CallingPartner;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Checks, before a live stream starts, that its parcel is the caller's. A stream's response head goes out
 * with its first event, after which an error can no longer be a status and a problem+json body.
 */
public class StreamAccess {

    private final ParcelTracking tracking;
    private final CallingPartner caller;

    StreamAccess(ParcelTracking tracking, CallingPartner caller) {
        this.tracking = tracking;
        this.caller = caller;
    }

    /** Runs after the partner is authenticated (Authentication has the default priority, USER). */
    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Uni<Void> check(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource.getResourceClass() != TrackingResource.class || !"follow".equals(resource.getMethodName())) {
            return Uni.createFrom().voidItem();
        }
        String number = request.getUriInfo().getPathParameters().getFirst("trackingNumber");
        return tracking.requireOwned(caller.id(), TrackingResource.parse(number));
    }
}
