package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.rocketexpress.model.RocketExpress;

/**
 * One barge recovery, in the destination region's cluster. The origin's operator creates it when a flight
 * lands; the destination's own operator runs the barge-recovery Job and, once the cargo is unloaded, creates the
 * arriving Vehicle. A region thus writes nothing but Recoveries in another region's cluster.
 */
@Group(RocketExpress.GROUP)
@Version(RocketExpress.VERSION)
@ShortNames("rec")
@Categories(RocketExpress.CATEGORY)
@JsonClassDescription("A barge recovery of a vehicle that landed off this region, handed over by the launch's origin region.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Launch", jsonPath = ".spec.launch.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Origin", jsonPath = ".spec.launch.region", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Vehicle", jsonPath = ".spec.vehicle.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Recovery extends CustomResource<RecoverySpec, RecoveryStatus> implements Namespaced {

    @Override
    protected RecoverySpec initSpec() {
        return new RecoverySpec();
    }
}
