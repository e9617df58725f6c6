package io.rocketexpress.gateway.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.vehicle.Vehicle;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches the Launches (and the Vehicles whose room they offer) of this region's cluster with informers,
 * and hands every change to {@link LaunchProgress}. Informers re-list after a lost connection and the
 * whole schedule is handed over again every {@code rocketexpress.gateway.cluster.resync}, so the flight
 * table converges whatever was missed; every step it takes is idempotent.
 */
@ApplicationScoped
public class ScheduleWatch {

    private static final Logger LOG = Logger.getLogger(ScheduleWatch.class);

    private final KubernetesClient client;
    private final GatewayConfig config;
    private final LaunchProgress progress;
    private final Event<ScheduleChanged> changes;
    private SharedIndexInformer<Launch> launches;
    private SharedIndexInformer<Vehicle> vehicles;
    private String namespace;

    ScheduleWatch(KubernetesClient client, GatewayConfig config, LaunchProgress progress,
                  Event<ScheduleChanged> changes) {
        this.client = client;
        this.config = config;
        this.progress = progress;
        this.changes = changes;
    }

    void start(@Observes StartupEvent started) {
        // Without a namespace from configuration, a kubeconfig or a service account: kubectl's default.
        namespace = config.gateway().namespace().or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
        long resync = config.gateway().cluster().resync().toMillis();
        vehicles = client.resources(Vehicle.class).inNamespace(namespace).runnableInformer(resync);
        vehicles.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Vehicle vehicle) {
                refreshFlightsOf(vehicle);
            }

            @Override
            public void onUpdate(Vehicle before, Vehicle vehicle) {
                if (!Objects.equals(before.getSpec().getPayloadCapacityKg(), vehicle.getSpec().getPayloadCapacityKg())
                        || !Objects.equals(before.getSpec().getCargoVolumeM3(), vehicle.getSpec().getCargoVolumeM3())) {
                    refreshFlightsOf(vehicle);
                }
            }

            @Override
            public void onDelete(Vehicle vehicle, boolean finalStateUnknown) {
                // A vehicle that flew away keeps the capacity its flight was sold with.
            }
        });
        launches = client.resources(Launch.class).inNamespace(namespace).runnableInformer(resync);
        launches.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Launch launch) {
                handle(launch, () -> progress.follow(launch, ScheduleWatch.this::vehicle));
                changed(launch);
            }

            @Override
            public void onUpdate(Launch before, Launch launch) {
                handle(launch, () -> progress.follow(launch, ScheduleWatch.this::vehicle));
                changed(launch);
            }

            @Override
            public void onDelete(Launch launch, boolean finalStateUnknown) {
                handle(launch, () -> progress.deleted(launch, ScheduleWatch.this::vehicle));
                changed(launch);
            }
        });
        // A cluster that cannot be reached at start, or later, is retried; readiness tells meanwhile.
        vehicles.exceptionHandler((wasStarted, failure) -> retry("vehicles", failure));
        launches.exceptionHandler((wasStarted, failure) -> retry("launches", failure));
        vehicles.start();
        launches.start();
        LOG.infof("watching the schedule in namespace %s of %s", namespace, client.getMasterUrl());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (launches != null) {
            launches.close();
        }
        if (vehicles != null) {
            vehicles.close();
        }
    }

    /** Whether the schedule is being watched: both informers listed the cluster and hold a watch open. */
    public boolean connected() {
        return launches != null && launches.hasSynced() && launches.isWatching()
                && vehicles.hasSynced() && vehicles.isWatching();
    }

    /** Namespace and API server watched, for readiness and logs. */
    public String describe() {
        return "namespace " + namespace + " of " + client.getMasterUrl();
    }

    /** The Launch as last seen, if the cluster has it. */
    public Optional<Launch> launch(String name) {
        return launches == null ? Optional.empty()
                : Optional.ofNullable(launches.getStore().getByKey(namespace + "/" + name));
    }

    private Optional<Vehicle> vehicle(String name) {
        return Optional.ofNullable(vehicles.getStore().getByKey(namespace + "/" + name));
    }

    private void refreshFlightsOf(Vehicle vehicle) {
        String name = vehicle.getMetadata().getName();
        launches.getStore().list().stream()
                .filter(launch -> LaunchFlights.vehicle(launch).filter(name::equals).isPresent())
                .forEach(launch -> handle(launch, () -> progress.follow(launch, this::vehicle)));
    }

    /** Tells the live views of the schedule (the departures board), off this informer thread. */
    private void changed(Launch launch) {
        changes.fireAsync(new ScheduleChanged(launch.getMetadata().getName()));
    }

    /** Runs the step to its end on this informer thread, so a Launch's changes are taken in order. */
    private static void handle(Launch launch, Supplier<Uni<Void>> step) {
        try {
            VertxContextSupport.subscribeAndAwait(step);
        } catch (Throwable e) {
            // The next change or resync of the launch tries again.
            LOG.errorf(e, "could not take in launch %s", launch.getMetadata().getName());
        }
    }

    private static boolean retry(String what, Throwable failure) {
        LOG.warnf("watch of %s interrupted (%s); retrying", what, failure.getMessage());
        return true;
    }
}
