package io.rocketexpress.operator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rocketexpress.localcluster.LocalCluster;

import java.util.Map;

/** This region's cluster for the operator's tests. */
public class InProcessCluster implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "test";

    private static volatile LocalCluster cluster;

    /** The running cluster, for tests that look at the requests it answered. */
    public static LocalCluster cluster() {
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        cluster = new LocalCluster();
        return cluster.quarkusClientSettings(NAMESPACE);
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
