package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.rocketexpress.model.vehicle.VehicleSpec;

/** The vehicle that landed, as its origin's cluster knew it at landing: the destination recreates it from this. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VehicleSnapshot {

    @JsonPropertyDescription("Name of the Vehicle; vehicle names are unique across the network.")
    @Required
    private String name;

    @JsonPropertyDescription("The Vehicle's spec at landing, copied to the arriving Vehicle. Absent when the Vehicle was deleted while it flew: then no Vehicle arrives.")
    private VehicleSpec spec;

    @JsonPropertyDescription("Recovered flights before this one; the arriving Vehicle counts one more.")
    @Required
    @Min(0)
    private Integer flights;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public VehicleSpec getSpec() {
        return spec;
    }

    public void setSpec(VehicleSpec spec) {
        this.spec = spec;
    }

    public Integer getFlights() {
        return flights;
    }

    public void setFlights(Integer flights) {
        this.flights = flights;
    }
}
