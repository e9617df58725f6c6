package io.rocketexpress.operator.vehicle;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehiclePhase;
import io.rocketexpress.model.vehicle.VehicleStatus;
import io.rocketexpress.operator.kube.Conflicts;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Objects;

/** Keeps each Vehicle's phase and Ready condition true to its spec, its flights and its refurbishment. */
// Not generation-aware: a Launch writing the vehicle's status (a flight counted) or the mission-failure
// annotation coming or going must be looked at too, and neither changes metadata.generation.
@ControllerConfiguration(name = "vehicle", generationAwareEventProcessing = false)
public class VehicleReconciler implements Reconciler<Vehicle> {

    private static final Logger LOG = Logger.getLogger(VehicleReconciler.class);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Clock clock;
    private final EventPublisher events;
    private final ReconcileMetrics reconciles;
    private final VehicleMetrics metrics;

    VehicleReconciler(Clock clock, EventPublisher events, ReconcileMetrics reconciles, VehicleMetrics metrics) {
        this.clock = clock;
        this.events = events;
        this.reconciles = reconciles;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Vehicle> reconcile(Vehicle vehicle, Context<Vehicle> context) {
        metrics.fleet(context.getPrimaryCache());
        return reconciles.count("Vehicle", () -> decide(vehicle, context));
    }

    private UpdateControl<Vehicle> decide(Vehicle vehicle, Context<Vehicle> context) {
        VehicleLifecycle.Decision decision = VehicleLifecycle.decide(vehicle, clock.instant());
        VehicleStatus before = vehicle.getStatus();
        if (!sameJson(before, decision.status())) {
            Vehicle changed = JSON.clone(vehicle);
            changed.setStatus(decision.status());
            try {
                // A PUT carrying the observed resourceVersion: a Launch reserving the vehicle at the same
                // moment makes this write fail instead of being overwritten; the newer version comes back
                // as an event and is decided afresh.
                context.getClient().resource(changed).updateStatus();
            } catch (KubernetesClientException e) {
                if (Conflicts.isConflict(e)) {
                    LOG.debugf("vehicle %s changed while being reconciled; waiting for its newer version",
                            vehicle.getMetadata().getName());
                    return UpdateControl.noUpdate();
                }
                throw e;
            }
            announce(changed, before == null ? null : before.getPhase(), decision.status().getPhase());
        }
        UpdateControl<Vehicle> control = UpdateControl.noUpdate();
        decision.recheck().ifPresent(control::rescheduleAfter);
        return control;
    }

    private void announce(Vehicle vehicle, VehiclePhase from, VehiclePhase to) {
        if (Objects.equals(from, to)) {
            return;
        }
        String message = vehicle.getStatus().getConditions().stream()
                .filter(c -> Vehicle.READY.equals(c.getType()))
                .map(c -> c.getMessage())
                .findFirst().orElse(to.name());
        if (to == VehiclePhase.Grounded || to == VehiclePhase.Retired) {
            events.warning(vehicle, to.name(), message);
        } else {
            events.normal(vehicle, to.name(), message);
        }
    }

    private static boolean sameJson(Object a, Object b) {
        return Objects.equals(JSON.asJson(a), JSON.asJson(b));
    }
}
