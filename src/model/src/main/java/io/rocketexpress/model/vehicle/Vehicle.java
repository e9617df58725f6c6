package io.rocketexpress.model.vehicle;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.rocketexpress.model.RocketExpress;

/** One reusable cargo rocket of the fleet. */
@Group(RocketExpress.GROUP)
@Version(RocketExpress.VERSION)
@ShortNames("veh")
@Categories(RocketExpress.CATEGORY)
@JsonClassDescription("A reusable cargo rocket: its capacity, its life limits, where it is and what it is doing.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Region", jsonPath = ".status.region", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Flights", jsonPath = ".status.flights", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Vehicle extends CustomResource<VehicleSpec, VehicleStatus> implements Namespaced {

    /** Condition type: the vehicle can be reserved by a Launch now. */
    public static final String READY = "Ready";

    @Override
    protected VehicleSpec initSpec() {
        return new VehicleSpec();
    }
}
