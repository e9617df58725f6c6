package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.partner.CallingPartner;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A partner's webhook: where its parcels' tracking events are delivered, and the log of deliveries. */
@Path("/v1/webhook")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Tracking events pushed to your endpoint, signed, at least once")
@SecurityRequirement(name = "apiKey")
public class WebhookResource {

    private final WebhookEndpoints endpoints;
    private final DeliveryLog log;
    private final CallingPartner caller;

    WebhookResource(WebhookEndpoints endpoints, DeliveryLog log, CallingPartner caller) {
        this.endpoints = endpoints;
        this.log = log;
        this.caller = caller;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register your endpoint, or move it; the answer carries a new signing secret, shown once",
            description = "201 when created, 200 when replaced. Every tracking event of your parcels from now on is "
                    + "POSTed to the URL, signed with the secret (RocketExpress-Signature). Registering again "
                    + "issues a new secret; the one it replaces keeps signing next to it for an overlap (unless "
                    + "revokePreviousSecret), and the circuit breaker stays as it is. Deliveries not yet made go to "
                    + "the new URL. The URL must be https, on an allowed port (443), and not name an internal "
                    + "address; 503 when the gateway has no key to keep secrets.")
    public Uni<Response> register(@Valid @NotNull WebhookRegistration registration) {
        return endpoints.register(caller.id(), registration.url(), registration.revokesPreviousSecret())
                .map(registered -> Response.status(registered.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(registered.view()).build());
    }

    @GET
    @Operation(summary = "Your endpoint, its circuit breaker and the deliveries pending (never the secret)")
    public Uni<WebhookView> read() {
        return endpoints.read(caller.id());
    }

    @DELETE
    @Operation(summary = "Remove your endpoint; deliveries not yet made are cancelled")
    public Uni<Response> remove() {
        return endpoints.remove(caller.id()).map(removed -> Response.noContent().build());
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "Your deliveries, newest first, with every attempt",
            description = "Pass the nextCursor of an answer as cursor to get the next page; no nextCursor: last page.")
    public Uni<DeliveryView.Page> deliveries(
            @Parameter(description = "Only deliveries in this state: PENDING, DELIVERED, DEAD or CANCELLED")
            @QueryParam("state") String state,
            @Parameter(description = "Only the deliveries of this parcel's events") @QueryParam("trackingNumber")
            String trackingNumber,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Deliveries per page, 1 to 100") @QueryParam("limit") @DefaultValue("20")
            @Min(1) @Max(100) int limit) {
        return log.page(caller.id(), state, trackingNumber, cursor, limit);
    }

    @POST
    @Path("/deliveries/{id}/retry")
    @Operation(summary = "Send a given-up (DEAD) delivery again",
            description = "It becomes PENDING, is sent at once to your current endpoint, and is retried and given up "
                    + "as any delivery, counting from now. 409 for a delivery that is not DEAD, or when you have no "
                    + "endpoint; 404 for one that is not yours.")
    public Uni<DeliveryView> retry(@PathParam("id") String id) {
        return log.replay(caller.id(), id);
    }
}
