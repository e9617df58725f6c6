package io.rocketexpress.gateway.flight;

import io.rocketexpress.gateway.config.Regions;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The schedule with what is left to sell on each flight. */
@Path("/v1/flights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flights")
@SecurityRequirement(name = "apiKey")
public class FlightResource {

    private final FlightSchedule schedule;
    private final Regions regions;
    private final Clock clock;

    FlightResource(FlightSchedule schedule, Regions regions, Clock clock) {
        this.schedule = schedule;
        this.regions = regions;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Upcoming flights, earliest first, with the capacity still for sale")
    public Uni<List<FlightView>> list(
            @Parameter(description = "Region the flights lift off from, like hangzhou") @QueryParam("origin") String origin,
            @Parameter(description = "Region the flights land at, like dubai") @QueryParam("destination") String destination) {
        if (origin != null) {
            regions.require("origin", origin);
        }
        if (destination != null) {
            regions.require("destination", destination);
        }
        Instant now = clock.instant();
        return schedule.upcoming(origin, destination)
                .map(flights -> flights.stream().map(flight -> FlightView.of(flight, now)).toList());
    }

    /**
     * @param onSale       whether parcels can still be booked onto it (before its cutoff, not sealed)
     * @param remainingKg  payload mass still for sale
     * @param remainingM3  cargo volume still for sale
     */
    public record FlightView(String id, String origin, String destination, Instant opensAt, Instant closesAt,
                             Instant cutoffAt, String phase, boolean onSale, double capacityKg, double capacityM3,
                             double remainingKg, double remainingM3) {

        static FlightView of(Flight flight, Instant now) {
            return new FlightView(flight.id, flight.origin, flight.destination, flight.opensAt, flight.closesAt,
                    flight.cutoffAt, flight.phase.name(), flight.onSale(now),
                    Units.kg(flight.capacityGrams), Units.m3(flight.capacityCm3),
                    Units.kg(flight.remainingGrams()), Units.m3(flight.remainingCm3()));
        }
    }
}
