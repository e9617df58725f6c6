package io.rocketexpress.model.launch;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.rocketexpress.model.RocketExpress;

/** One scheduled flight between two regions. */
@Group(RocketExpress.GROUP)
@Version(RocketExpress.VERSION)
@ShortNames("lnch")
@Categories(RocketExpress.CATEGORY)
@JsonClassDescription("A scheduled cargo flight from one region to another: window, vehicle, manifest and progress.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Vehicle", jsonPath = ".status.vehicle", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Origin", jsonPath = ".spec.origin", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Destination", jsonPath = ".spec.destination", type = AdditionalPrinterColumn.Type.STRING)
// A future time shown as a date column would print "<invalid>": show the timestamp itself.
@AdditionalPrinterColumn(name = "Opens", jsonPath = ".spec.window.opensAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Launch extends CustomResource<LaunchSpec, LaunchStatus> implements Namespaced {

    @Override
    protected LaunchSpec initSpec() {
        return new LaunchSpec();
    }
}
