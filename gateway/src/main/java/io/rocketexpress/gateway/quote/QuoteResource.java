package io.rocketexpress.gateway.quote;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rocketexpress.gateway.booking.BookingView;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.flight.FlightCapacity;
import io.rocketexpress.gateway.partner.CallingPartner;
import io.rocketexpress.gateway.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prices a shipment and shows the next flights that could carry it. */
@Path("/v1/quotes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Quotes")
@SecurityRequirement(name = "apiKey")
public class QuoteResource {

    private static final int OPTIONS = 3;

    private final Pricing pricing;
    private final FlightCapacity capacity;
    private final GatewayConfig config;
    private final CallingPartner caller;
    private final MeterRegistry metrics;
    /** Each partner's counter, registered once rather than looked up in the registry at every quote. */
    private final Map<String, Counter> quotes = new ConcurrentHashMap<>();

    QuoteResource(Pricing pricing, FlightCapacity capacity, GatewayConfig config, CallingPartner caller,
                  MeterRegistry metrics) {
        this.pricing = pricing;
        this.capacity = capacity;
        this.config = config;
        this.caller = caller;
        this.metrics = metrics;
    }

    @POST
    @WithSession
    @Operation(summary = "Price parcels on a route and list the next flights with room for all of them")
    @APIResponse(responseCode = "200", description = "The price and up to three flights with room")
    @APIResponse(responseCode = "400", description = "Invalid shipment; see the problem's errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Quote> quote(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ShipmentRequest.class),
            examples = @ExampleObject(name = "two parcels to Dubai", value = ShipmentRequest.EXAMPLE)))
                            ShipmentRequest request) {
        Shipment shipment = pricing.check(ShipmentRequest.requireValid(request));
        // Against rocketexpress_bookings_created_total: how many priced shipments become bookings.
        quotes.computeIfAbsent(caller.name(), partner -> Counter.builder("rocketexpress.quotes").tag("partner", partner)
                .description("Shipments priced, per partner").register(metrics)).increment();
        return capacity.withRoom(shipment.origin(), shipment.destination(), shipment.massGrams(), shipment.volumeCm3(),
                        OPTIONS)
                .map(flights -> new Quote(shipment.origin(), shipment.destination(),
                        new BookingView.Money(shipment.price(), shipment.currency()),
                        shipment.massKg(), shipment.volumeM3(), shipment.chargeableKg(),
                        flights.stream().map(flight -> new Option(flight.id, flight.opensAt, flight.cutoffAt,
                                flight.opensAt.plus(config.gateway().deliveryLeadTime()))).toList()));
    }

    /**
     * @param options the next flights with room for the whole shipment, earliest first; empty means a
     *                booking now would be waitlisted
     */
    public record Quote(String origin, String destination, BookingView.Money price, double massKg, double volumeM3,
                        double chargeableKg, List<Option> options) {
    }

    /** @param cutoffAt book before this to be on the flight */
    public record Option(String flightId, Instant opensAt, Instant cutoffAt, Instant estimatedDeliveryAt) {
    }
}
