package io.rocketexpress.gateway.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rocketexpress.gateway.common.Digests;
import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.problem.Problem;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.quote.Pricing;
import io.rocketexpress.gateway.quote.Shipment;
import io.rocketexpress.gateway.quote.ShipmentRequest;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.UUID;

/** Booking parcels onto flights, reading bookings back, cancelling them. */
@Path("/v1/bookings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bookings")
@SecurityRequirement(name = "apiKey")
public class BookingResource {

    private final BookingService bookings;
    private final Pricing pricing;
    private final CallingPartner caller;
    private final ObjectMapper json;

    BookingResource(BookingService bookings, Pricing pricing, CallingPartner caller, ObjectMapper json) {
        this.bookings = bookings;
        this.pricing = pricing;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book parcels onto the earliest flight of the route with room for all of them",
            description = "Answers 201 with the booking: CONFIRMED with its flight, or WAITLISTED when no flight "
                    + "has room yet. A retry with the same Idempotency-Key and body replays the first answer.")
    @APIResponse(responseCode = "201", description = "Booked (CONFIRMED) or waitlisted (WAITLISTED)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingView.class)))
    @APIResponse(responseCode = "400", description = "Invalid shipment or missing Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused for another request, or parcels "
            + "leaving another region", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> book(
            @Parameter(description = "Unique per booking; a retry with the same key and body is answered like the first")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ShipmentRequest.class),
                    examples = @ExampleObject(name = "two parcels to Dubai", value = ShipmentRequest.EXAMPLE)))
            ShipmentRequest request) {
        ShipmentRequest.requireValid(request);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ProblemException.invalid("Idempotency-Key", "the header is required: send a unique value "
                    + "(a UUID, say) per booking, and the same one when you retry it");
        }
        if (idempotencyKey.length() > 200) {
            throw ProblemException.invalid("Idempotency-Key", "at most 200 characters");
        }
        Shipment shipment = pricing.check(request);
        return bookings.book(caller.id(), caller.name(), idempotencyKey, hash(request), shipment)
                .map(answer -> Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                        .entity(answer.body()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your bookings")
    public Uni<BookingView> get(@PathParam("id") UUID id) {
        return bookings.find(caller.id(), id);
    }

    @GET
    @Operation(summary = "Your bookings, newest first, a page at a time",
            description = "Pass the nextCursor of an answer as cursor to get the next page; no nextCursor: last page.")
    public Uni<BookingService.BookingPage> list(
            @Parameter(description = "Only bookings of this status") @QueryParam("status") String status,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Bookings per page, 1 to 100") @QueryParam("limit") @DefaultValue("20")
            @Min(1) @Max(100) int limit) {
        return bookings.list(caller.id(), status(status), cursor == null ? null : BookingCursor.decode(cursor), limit);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a booking until its flight's sales cutoff; its room goes back on sale")
    public Uni<BookingView> cancel(@PathParam("id") UUID id) {
        return bookings.cancel(caller.id(), caller.name(), id);
    }

    private static BookingStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return BookingStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "'" + status + "' is not one of "
                    + Arrays.toString(BookingStatus.values()));
        }
    }

    /** The request as parsed, so a retry with other whitespace or field order counts as the same request. */
    private String hash(ShipmentRequest request) {
        try {
            return Digests.sha256Hex(json.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
