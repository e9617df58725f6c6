package io.rocketexpress.operator;

import io.javaoperatorsdk.operator.Operator;
import io.rocketexpress.localcluster.LocalCluster;
import io.rocketexpress.operator.kube.EventPublisher;
import io.rocketexpress.operator.kube.ReconcileMetrics;
import io.rocketexpress.operator.launch.JobSettings;
import io.rocketexpress.operator.launch.LaunchSettings;
import io.rocketexpress.operator.recovery.RecoveryReconciler;

import java.time.Clock;

/**
 * Another region's operator, as far as the tests need it: the Recovery reconciler running against that region's
 * cluster with that cluster's own rights, as the destination's operator does in production.
 */
public final class RegionOperator implements AutoCloseable {

    private final LocalCluster cluster;
    private final String region;
    private final String namespace;
    private final JobSettings jobs;
    private final LaunchSettings settings;
    private final ReconcileMetrics metrics;
    private Operator operator;

    public RegionOperator(LocalCluster cluster, String region, String namespace, JobSettings jobs,
                          LaunchSettings settings, ReconcileMetrics metrics) {
        this.cluster = cluster;
        this.region = region;
        this.namespace = namespace;
        this.jobs = jobs;
        this.settings = settings;
        this.metrics = metrics;
        start();
    }

    /** Starts it on the cluster's current client (after the cluster itself was restarted, say). */
    public void start() {
        Clock clock = Clock.systemUTC();
        operator = new Operator(o -> o.withKubernetesClient(cluster.client()).withCloseClientOnStop(false));
        operator.register(new RecoveryReconciler(region, jobs, settings, clock,
                new EventPublisher(cluster.client(), clock), metrics), o -> o.settingNamespace(namespace));
        operator.start();
    }

    public void stop() {
        operator.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
