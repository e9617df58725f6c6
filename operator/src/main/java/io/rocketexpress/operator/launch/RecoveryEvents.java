package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.recovery.Recovery;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Recoveries this region handed over to other regions, watched in their clusters: a change of one
 * reconciles its launch, and its latest state is read from the informer's cache rather than asked for again.
 * One informer per region, started when a launch first hands a recovery over there, on that region's current
 * client: when the client is rebuilt (a moved server, a rotated kubeconfig) the informer is started again on the
 * new one. It lists and watches only Recoveries labelled with this region as their origin.
 */
final class RecoveryEvents extends AbstractEventSource<Recovery, Launch> {

    private final String origin;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    RecoveryEvents(String origin) {
        super(Recovery.class, "recoveries");
        this.origin = origin;
    }

    /** Makes sure this region's Recoveries in that region's namespace are watched through this client. */
    void watch(String region, KubernetesClient client, String namespace) {
        Watch current = watches.get(region);
        if (current != null && current.client() == client && current.informer().isRunning()) {
            return;
        }
        SharedIndexInformer<Recovery> informer = client.resources(Recovery.class).inNamespace(namespace)
                .withLabel(RocketExpress.ORIGIN_LABEL, origin)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Recovery recovery) {
                        changed(recovery);
                    }

                    @Override
                    public void onUpdate(Recovery before, Recovery recovery) {
                        changed(recovery);
                    }

                    @Override
                    public void onDelete(Recovery recovery, boolean unknownFinalState) {
                        changed(recovery);
                    }
                });
        Watch previous = watches.put(region, new Watch(client, informer));
        if (previous != null) {
            previous.informer().stop();
        }
    }

    /**
     * The Recovery as the region's informer last saw it; empty when the informer has not seen it (not synced
     * yet, stopped with its client, or not there), in which case the caller asks the region's API server.
     */
    Optional<Recovery> cached(String region, String namespace, String name) {
        Watch watch = watches.get(region);
        if (watch == null || !watch.informer().isRunning() || !watch.informer().hasSynced()) {
            return Optional.empty();
        }
        return Optional.ofNullable(watch.informer().getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    private void changed(Recovery recovery) {
        if (recovery.getSpec() == null || recovery.getSpec().getLaunch() == null || !isRunning()) {
            return;
        }
        var launch = recovery.getSpec().getLaunch();
        if (origin.equals(launch.getRegion()) && launch.getName() != null && launch.getNamespace() != null) {
            getEventHandler().handleEvent(new Event(new ResourceID(launch.getName(), launch.getNamespace())));
        }
    }

    @Override
    public Set<Recovery> getSecondaryResources(Launch launch) {
        // Read through cached(): a launch's Recovery lives in a cluster this source may not watch yet.
        return Set.of();
    }

    @Override
    public void stop() throws OperatorException {
        watches.values().forEach(watch -> watch.informer().stop());
        watches.clear();
        super.stop();
    }

    private record Watch(KubernetesClient client, SharedIndexInformer<Recovery> informer) {
    }
}
