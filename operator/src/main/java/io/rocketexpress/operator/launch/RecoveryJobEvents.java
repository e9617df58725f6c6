package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns changes of barge-recovery Jobs in other regions' clusters into reconciles of their launches. One
 * informer per region, started when a launch first recovers there, on that region's current client: when
 * the client is rebuilt (a moved server, a rotated kubeconfig) the informer is started again on the new one.
 */
final class RecoveryJobEvents extends AbstractEventSource<Job, Launch> {

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    RecoveryJobEvents() {
        super(Job.class, "recovery-jobs");
    }

    /** Makes sure recovery Jobs of that region's namespace are watched through this client. */
    void watch(String region, KubernetesClient client, String namespace) {
        Watch current = watches.get(region);
        if (current != null && current.client() == client && current.informer().isRunning()) {
            return;
        }
        SharedIndexInformer<Job> informer = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(MissionJobs.ROLE_LABEL, "recovery")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        changed(job);
                    }

                    @Override
                    public void onUpdate(Job before, Job job) {
                        changed(job);
                    }

                    @Override
                    public void onDelete(Job job, boolean unknownFinalState) {
                        changed(job);
                    }
                });
        Watch previous = watches.put(region, new Watch(client, informer));
        if (previous != null) {
            previous.informer().stop();
        }
    }

    private void changed(Job job) {
        String launch = job.getMetadata().getLabels() == null ? null
                : job.getMetadata().getLabels().get(RocketExpress.LAUNCH_LABEL);
        String namespace = job.getMetadata().getAnnotations() == null ? null
                : job.getMetadata().getAnnotations().get(MissionJobs.LAUNCH_NAMESPACE_ANNOTATION);
        if (launch != null && namespace != null && isRunning()) {
            getEventHandler().handleEvent(new Event(new ResourceID(launch, namespace)));
        }
    }

    @Override
    public Set<Job> getSecondaryResources(Launch launch) {
        // Read on demand through the region's client; this source only signals changes.
        return Set.of();
    }

    @Override
    public void stop() throws OperatorException {
        watches.values().forEach(watch -> watch.informer().stop());
        watches.clear();
        super.stop();
    }

    private record Watch(KubernetesClient client, SharedIndexInformer<Job> informer) {
    }
}
